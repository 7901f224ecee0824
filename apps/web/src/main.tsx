import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { BrowserRouter } from 'react-router';
import { LiveRegionProvider } from './components/live-region';
import { createApolloClient } from './lib/apollo';
import { AppRoutes } from './app/routes';
import './app/app.css';

const client = createApolloClient();

createRoot(document.getElementById('racine')!).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <LiveRegionProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </LiveRegionProvider>
    </ApolloProvider>
  </StrictMode>,
);
