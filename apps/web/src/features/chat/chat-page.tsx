import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { Page } from '../../components/page';
import { QueryError } from '../../components/query-error';
import { SpaceNav } from '../../components/space-nav';
import { Loading, RefusalPage } from '../../components/status-pages';
import { ChatMessageArrivedDocument, ChatMessageItemFragment, ChatRecipientsDocument, ChatScreenDocument, ChatScreenQuery, RemoveChatMessageDocument } from '../../gql/graphql';
import { say } from '../../lib/address';
import { errorCodes } from '../../lib/apollo';
import { connection } from '../../lib/connection-status';
import { useAddress, useSession } from '../../lib/session';
import { addChatMessage, CHAT_PAGE, chatVariables, withMessage } from './chat-cache';
import { removalRefusal } from './chat-errors';
import { Composer } from './composer';
import { MessageActions, MessageList } from './message-list';
import { privateRecipients } from './private-messages';
import './chat.css';

/**
 * « Discussion » (/espaces/:id/discussion): the space's chat, live. One query (the latest messages, the members a
 * private message may go to), then `chatMessageAdded` over the WebSocket (new messages and removals, in place).
 */
export function ChatPage() {
  const { id: spaceId = '' } = useParams();
  const session = useSession();
  const address = useAddress();
  const variables = useMemo(() => chatVariables(spaceId), [spaceId]);
  const { data, error, refetch, fetchMore, subscribeToMore } = useQuery(ChatScreenDocument, { variables });
  const [removeMessage] = useMutation(RemoveChatMessageDocument);
  const [recipientId, setRecipientId] = useState('');
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const space = data?.space;
  const mayChat = space?.myPermissions.includes('CHAT') ?? false;
  const withRecipients = mayChat && (space?.settings.privateMessagesAllowed ?? false);
  const { data: recipientsData } = useQuery(ChatRecipientsDocument, { variables: { spaceId }, skip: !withRecipients });

  useEffect(() => subscribeToMore({
    document: ChatMessageArrivedDocument,
    variables: { spaceId },
    updateQuery: (_current, options) => {
      const message = options.subscriptionData.data?.chatMessageAdded;
      if (!message || !options.complete) return undefined;
      return withMessage(options.previousData as ChatScreenQuery, message);
    },
  }), [subscribeToMore, spaceId]);
  // Back from a lost connection: read again what was said meanwhile.
  useEffect(() => connection.onRecovered(() => void refetch()), [refetch]);

  const messages = useMemo(() => [...(space?.chatMessages.edges ?? [])].map((edge) => edge.node).reverse(), [space]);
  const members = useMemo(() => (withRecipients ? recipientsData?.space?.members.edges.map((edge) => edge.node) ?? [] : []),
    [withRecipients, recipientsData]);
  const recipients = useMemo(() => (space ? privateRecipients(space.settings, members, session) : []), [space, members, session]);

  // The newest message in view: at the first load, and when one arrives while the person is at the bottom.
  const newest = messages.at(-1)?.id;
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = log.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [newest]);
  useEffect(() => {
    const element = log.current;
    if (!element) return undefined;
    const onScroll = () => { atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48; };
    element.addEventListener('scroll', onScroll);
    return () => element.removeEventListener('scroll', onScroll);
  }, [space?.id]);

  // Members who may not read the chat (parents, who read the space only) are refused it by the hub: FORBIDDEN.
  if (error && !space && errorCodes(error).includes('FORBIDDEN')) {
    return <RefusalPage message="La discussion de l’espace est réservée aux élèves et à leurs enseignants : vous pouvez lire le fil de l’espace." />;
  }
  if (error && !space) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!data) return <Page title="Discussion"><Loading /></Page>;
  if (!space) return <RefusalPage />;

  const mayModerate = space.myPermissions.includes('MODERATE');
  const isMine = (message: ChatMessageItemFragment) =>
    message.author.kind === session.kind && message.author.id.toLowerCase() === session.id.toLowerCase();
  const actions: MessageActions = {
    isMine,
    mayWriteTo: (message) => mayChat && !isMine(message) && recipients.some((member) => member.id === message.author.id),
    writeTo: (message) => {
      setRecipientId(message.author.id);
      document.querySelector<HTMLTextAreaElement>('.chat-composer textarea')?.focus();
    },
    mayRemove: (message) => (isMine(message) && mayChat) || (mayModerate && !message.isPrivate),
    remove: async (message) => {
      try {
        await removeMessage({ variables: { id: message.id }, update: (cache, { data: removed }) => {
          if (removed?.removeChatMessage) addChatMessage(cache, removed.removeChatMessage);
        } });
        setActionError(null);
        log.current?.focus();
      } catch (caught) {
        setActionError(removalRefusal(caught, address));
      }
    },
  };

  async function loadOlder() {
    const after = space?.chatMessages.pageInfo.endCursor;
    if (!after || loadingOlder) return;
    setLoadingOlder(true);
    atBottom.current = false;
    try {
      await fetchMore({
        variables: { after, first: CHAT_PAGE },
        updateQuery: (previous, { fetchMoreResult }) => {
          if (!previous.space || !fetchMoreResult.space) return previous;
          const seen = new Set(previous.space.chatMessages.edges.map((edge) => edge.node.id));
          return {
            ...previous,
            space: {
              ...previous.space,
              chatMessages: {
                ...previous.space.chatMessages,
                pageInfo: fetchMoreResult.space.chatMessages.pageInfo,
                edges: [...previous.space.chatMessages.edges, ...fetchMoreResult.space.chatMessages.edges.filter((edge) => !seen.has(edge.node.id))],
              },
            },
          };
        },
      });
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <Page title="Discussion" className="chat-page">
      <SpaceNav spaceId={space.id} spaceName={space.title} pendingModerationCount={space.pendingModerationCount} />
      {space.chatMessages.pageInfo.hasNextPage ? (
        <p className="chat-older">
          <button type="button" className="button button-secondary" aria-disabled={loadingOlder || undefined} onClick={() => void loadOlder()}>
            Messages plus anciens
          </button>
        </p>
      ) : null}
      <MessageList ref={log} messages={messages} actions={actions} busy={loadingOlder} />
      {actionError ? <p className="error" role="alert">{actionError}</p> : null}
      {mayChat ? (
        <Composer spaceId={space.id} recipients={recipients} recipientId={recipientId} onRecipient={setRecipientId} />
      ) : (
        <p className="muted">{say(address, {
          tu: 'Tu peux lire la discussion, mais pas y écrire.',
          vous: 'Vous pouvez lire la discussion, mais pas y écrire.',
        })}</p>
      )}
    </Page>
  );
}
