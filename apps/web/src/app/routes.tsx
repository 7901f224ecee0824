import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { NotFoundPage, Loading } from '../components/status-pages';
import { ScreenBoundary } from './screen-boundary';
import { Shell } from './shell';
import { APP_PATHS } from './paths';

/**
 * One lazy chunk per screen (route-level code splitting): a pupil's Accueil downloads the shell and the home screen
 * only. React Router's declarative mode (BrowserRouter + Routes) weighs a third of its data mode, and the screens
 * read their data through Apollo anyway. The administrators' console (next issue) will be one more lazy branch under
 * /admin, never in a pupil's path.
 */
const HomePage = lazy(async () => ({ default: (await import('../features/home/home-page')).HomePage }));
const WallPage = lazy(async () => ({ default: (await import('../features/wall/wall-page')).WallPage }));
const ModerationPage = lazy(async () => ({ default: (await import('../features/moderation/moderation-page')).ModerationPage }));
const DocumentsPage = lazy(async () => ({ default: (await import('../features/documents/documents-page')).DocumentsPage }));
const AgendaPage = lazy(async () => ({ default: (await import('../features/agenda/agenda-page')).AgendaPage }));
const HomeworkPage = lazy(async () => ({ default: (await import('../features/homework/homework-page')).HomeworkPage }));
const ChatPage = lazy(async () => ({ default: (await import('../features/chat/chat-page')).ChatPage }));
const MembersPage = lazy(async () => ({ default: (await import('../features/members/members-page')).MembersPage }));
const SearchPage = lazy(async () => ({ default: (await import('../features/search/search-page')).SearchPage }));
const NotificationsPage = lazy(async () => ({ default: (await import('../features/notifications/notifications-page')).NotificationsPage }));

const screens = [
  [APP_PATHS.home, HomePage],
  [APP_PATHS.space, WallPage],
  [APP_PATHS.moderation, ModerationPage],
  [APP_PATHS.documents, DocumentsPage],
  [APP_PATHS.agenda, AgendaPage],
  [APP_PATHS.homework, HomeworkPage],
  [APP_PATHS.chat, ChatPage],
  [APP_PATHS.members, MembersPage],
  [APP_PATHS.search, SearchPage],
  [APP_PATHS.notifications, NotificationsPage],
] as const;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Shell />}>
        {screens.map(([path, Screen]) => (
          <Route key={path} path={path} element={
            <ScreenBoundary><Suspense fallback={<Loading />}><Screen /></Suspense></ScreenBoundary>
          } />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
