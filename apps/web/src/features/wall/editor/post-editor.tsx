import { useMutation, useQuery } from '@apollo/client/react';
import Image from '@tiptap/extension-image';
import Mention from '@tiptap/extension-mention';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { ChangeEvent, FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from '../../../components/button';
import { CreatePostDocument, EditorSpaceDocument, EditWallPostDocument, WallPostFragment } from '../../../gql/graphql';
import { Address, say } from '../../../lib/address';
import { useSession } from '../../../lib/session';
import { uploadErrorMessage, uploadFile } from '../../../lib/upload';
import { errorMessage } from '../errors';
import { IMAGE_TYPES, ImagePicker } from './image-picker';
import { matchMembers, MentionCandidate, mentionedIds } from './mentions';

type Suggestion = { items: MentionCandidate[]; command: (item: { id: string; label: string }) => void };

/** An address typed in « Adresse du lien »: http(s) or mailto only (what the API keeps), https:// when none is given. */
export function linkAddress(typed: string): string | null {
  const value = typed.trim();
  if (!value) return null;
  if (/^(https?:\/\/|mailto:)/i.test(value)) return value;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return null;
  return `https://${value}`;
}

/**
 * The post editor (Tiptap 3, loaded in its own chunk): a labelled text box (role textbox, aria-multiline), a toolbar of
 * real toggle buttons (aria-pressed), « @ » mentions of the space's members (a listbox the arrows, Entrée and Échap
 * drive while the focus stays in the text), a document of the space or a file sent on the spot linked in the text,
 * « Ajouter une image » (an image document of the space shown in the post, with its alternative text: image-picker.tsx,
 * Tiptap's image extension as a block), and « Publier ». With `editing` it rewrites that post instead (« Enregistrer »: a
 * moderator's edit of a member's post, whose author is told and whose history keeps the text before). No inline style anywhere (injectCSS: false; the CSP has no 'unsafe-inline'): the stylesheet is
 * wall.css.
 */
export function PostEditor({ spaceId, address, held, onPublished, onCancel, editing }: {
  spaceId: string; address: Address; held: boolean;
  onPublished: (post: WallPostFragment) => void;
  onCancel: () => void;
  /** The post to rewrite (its current sanitised HTML is the starting text). */
  editing?: { postId: string; bodyHtml: string };
}) {
  const session = useSession();
  const labelId = useId();
  const listId = useId();
  const { data } = useQuery(EditorSpaceDocument, { variables: { spaceId }, fetchPolicy: 'cache-first' });
  const members = useMemo(() => (data?.space?.members.edges ?? []).map((edge) => edge.node).filter((member) => member.id !== session.id),
    [data, session.id]);
  const membersRef = useRef<MentionCandidate[]>([]);
  membersRef.current = members;

  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [selected, setSelected] = useState(0);
  const live = useRef({ suggestion, selected });
  live.current = { suggestion, selected };

  const editor = useEditor({
    injectCSS: false,
    immediatelyRender: true,
    // The text box takes the focus once it is in the page (opening the editor means writing): Tiptap does it after
    // mounting its view, which React's effects cannot wait for.
    autofocus: 'end',
    content: editing?.bodyHtml ?? '',
    extensions: [
      StarterKit.configure({
        heading: false, code: false, codeBlock: false, horizontalRule: false, strike: false, underline: false,
        link: { openOnClick: false, autolink: true, linkOnPaste: true, defaultProtocol: 'https',
          HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null } },
      }),
      Image.configure({ inline: false, allowBase64: false }),
      Mention.configure({
        HTMLAttributes: { class: 'mention' },
        renderText: ({ node }) => `@${node.attrs.label ?? ''}`,
        renderHTML: ({ node, options }) => ['span', options.HTMLAttributes, `@${node.attrs.label ?? ''}`],
        suggestion: {
          char: '@',
          items: ({ query }) => matchMembers(membersRef.current, query),
          render: () => ({
            onStart: (props: SuggestionProps<MentionCandidate>) => {
              setSelected(0);
              setSuggestion({ items: props.items, command: props.command });
            },
            onUpdate: (props: SuggestionProps<MentionCandidate>) => {
              setSelected(0);
              setSuggestion({ items: props.items, command: props.command });
            },
            onKeyDown: ({ event }: SuggestionKeyDownProps) => {
              const current = live.current.suggestion;
              if (!current || current.items.length === 0) return false;
              const count = current.items.length;
              if (event.key === 'ArrowDown') {
                setSelected((live.current.selected + 1) % count);
                return true;
              }
              if (event.key === 'ArrowUp') {
                setSelected((live.current.selected - 1 + count) % count);
                return true;
              }
              if (event.key === 'Enter' || event.key === 'Tab') {
                const item = current.items[live.current.selected];
                if (item) current.command({ id: item.id, label: item.displayName });
                return true;
              }
              if (event.key === 'Escape') {
                setSuggestion(null);
                return true;
              }
              return false;
            },
            onExit: () => setSuggestion(null),
          }),
        },
      }),
    ],
    editorProps: {
      attributes: {
        role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelId, 'aria-autocomplete': 'list',
        class: 'post-editor-content',
      },
    },
  });

  // While « @ » proposes names, the text box points at the highlighted one (aria-activedescendant), focus staying put.
  useEffect(() => {
    // Before Tiptap has mounted its view, `editor.view` throws: nothing to point at yet (no suggestion either).
    if (!editor || !editor.isInitialized || editor.isDestroyed) return;
    const dom = editor.view.dom;
    if (suggestion && suggestion.items.length > 0) {
      dom.setAttribute('aria-controls', listId);
      dom.setAttribute('aria-activedescendant', `${listId}-${selected}`);
    } else {
      dom.removeAttribute('aria-controls');
      dom.removeAttribute('aria-activedescendant');
    }
  }, [editor, suggestion, selected, listId]);

  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive('bold') ?? false,
      italic: current?.isActive('italic') ?? false,
      bulletList: current?.isActive('bulletList') ?? false,
      orderedList: current?.isActive('orderedList') ?? false,
      link: current?.isActive('link') ?? false,
    }),
  });

  const [linkOpen, setLinkOpen] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const [attachOpen, setAttachOpen] = useState(false);
  const [imageOpen, setImageOpen] = useState(false);
  const [documentId, setDocumentId] = useState('');
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [create, creating] = useMutation(CreatePostDocument);
  const [rewrite, rewriting] = useMutation(EditWallPostDocument);
  const loading = creating.loading || rewriting.loading;

  const allDocuments = (data?.space?.documents.edges ?? []).map((edge) => edge.node);
  const documents = allDocuments.filter((item) => item.status === 'PUBLISHED');
  // A held upload (the author's own) may be shown only in a post that is held too: the moderator approves both at once.
  const images = allDocuments.filter((item) => IMAGE_TYPES.includes(item.mediaType) && (item.status === 'PUBLISHED' || (held && item.status === 'PENDING')));

  function insertLink(href: string, text: string) {
    editor?.chain().focus().insertContent([
      { type: 'text', text, marks: [{ type: 'link', attrs: { href } }] },
      { type: 'text', text: ' ' },
    ]).run();
  }

  function applyLink(event: FormEvent) {
    event.preventDefault();
    if (!editor) return;
    const href = linkAddress(linkValue);
    if (!href) {
      setLinkError(say(address, { tu: 'Écris une adresse qui commence par https://.', vous: 'Saisissez une adresse qui commence par https://.' }));
      return;
    }
    if (editor.state.selection.empty && !editor.isActive('link')) insertLink(href, linkValue.trim());
    else editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    setLinkOpen(false);
    setLinkValue('');
    setLinkError(null);
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploading(true);
    setError(null);
    const outcome = await uploadFile({ spaceId }, file, () => undefined);
    setUploading(false);
    if (!outcome.ok) {
      setError(uploadErrorMessage(outcome, address));
      return;
    }
    insertLink(outcome.document.contentUrl, outcome.document.name);
    setAttachOpen(false);
  }

  function closeImage() {
    setImageOpen(false);
    editor?.commands.focus();
  }

  async function publish(event: FormEvent) {
    event.preventDefault();
    if (!editor || loading) return;
    if (editor.isEmpty) {
      setError(say(address, { tu: 'Écris ton message avant de le publier.', vous: 'Écrivez votre message avant de le publier.' }));
      editor.commands.focus();
      return;
    }
    try {
      const post = editing
        ? (await rewrite({ variables: { input: { postId: editing.postId, bodyHtml: editor.getHTML() } } })).data?.editPost
        : (await create({
          variables: { input: { spaceId, bodyHtml: editor.getHTML(), mentionIds: mentionedIds(editor.getJSON()) } },
        })).data?.createPost;
      if (!post) return;
      editor.commands.clearContent();
      setError(null);
      onPublished(post);
    } catch (failure) {
      setError(errorMessage(failure, address));
    }
  }

  const tools = [
    { label: 'Gras', pressed: state?.bold, run: () => editor?.chain().focus().toggleBold().run() },
    { label: 'Italique', pressed: state?.italic, run: () => editor?.chain().focus().toggleItalic().run() },
    { label: 'Liste', pressed: state?.bulletList, run: () => editor?.chain().focus().toggleBulletList().run() },
    { label: 'Liste numérotée', pressed: state?.orderedList, run: () => editor?.chain().focus().toggleOrderedList().run() },
  ];
  const messageLabel = say(address, { tu: 'Ton message', vous: 'Votre message' });

  return (
    <form className="post-editor" onSubmit={(event) => void publish(event)} noValidate aria-label={editing ? 'Modifier le message' : undefined}>
      <p className="post-editor-label" id={labelId}>{messageLabel}</p>
      <div className="toolbar" role="group" aria-label="Mise en forme">
        {tools.map((tool) => (
          <button key={tool.label} type="button" className="tool" aria-pressed={tool.pressed ?? false} onClick={tool.run}>{tool.label}</button>
        ))}
        <button type="button" className="tool" aria-pressed={state?.link ?? false} aria-expanded={linkOpen}
          onClick={() => { setLinkOpen(!linkOpen); setLinkError(null); }}>Lien</button>
        <button type="button" className="tool" aria-expanded={imageOpen} onClick={() => setImageOpen(!imageOpen)}>Ajouter une image</button>
      </div>
      {imageOpen ? (
        <ImagePicker spaceId={spaceId} address={address} images={images} onClose={closeImage}
          onInsert={(image) => {
            editor?.chain().focus().setImage(image).run();
            setImageOpen(false);
          }} />
      ) : null}
      {linkOpen ? (
        <div className="link-form">
          <div className="field">
            <label htmlFor={`${labelId}-lien`}>Adresse du lien</label>
            <input id={`${labelId}-lien`} type="url" inputMode="url" value={linkValue} autoFocus
              aria-invalid={linkError ? true : undefined} aria-describedby={linkError ? `${labelId}-lien-erreur` : undefined}
              onChange={(event) => setLinkValue(event.target.value)}
              onKeyDown={(event) => { if (event.key === 'Enter') applyLink(event); if (event.key === 'Escape') setLinkOpen(false); }} />
            {linkError ? <p className="field-error" id={`${labelId}-lien-erreur`}>{linkError}</p> : null}
          </div>
          <div className="actions">
            <Button variant="secondary" onClick={applyLink}>Ajouter le lien</Button>
            {state?.link ? <Button variant="secondary" onClick={() => { editor?.chain().focus().extendMarkRange('link').unsetLink().run(); setLinkOpen(false); }}>Retirer le lien</Button> : null}
          </div>
        </div>
      ) : null}
      <EditorContent editor={editor} className="post-editor-box" />
      {suggestion ? (
        suggestion.items.length > 0 ? (
          <ul className="mention-list" role="listbox" id={listId} aria-label="Personnes à mentionner">
            {suggestion.items.map((item, index) => (
              <li key={item.id} id={`${listId}-${index}`} role="option" aria-selected={index === selected}
                className={index === selected ? 'mention-option selected' : 'mention-option'}
                onMouseDown={(event) => { event.preventDefault(); suggestion.command({ id: item.id, label: item.displayName }); }}>
                {item.displayName}
              </li>
            ))}
          </ul>
        ) : <p className="muted mention-none">Personne ne porte ce nom dans l’espace.</p>
      ) : null}
      <p className="hint">{say(address, {
        tu: 'Écris @ puis un prénom pour citer quelqu’un (flèches puis Entrée pour choisir).',
        vous: 'Saisissez @ puis un nom pour mentionner quelqu’un (flèches puis Entrée pour choisir).',
      })}</p>
      <div className="attach">
        <button type="button" className="button button-secondary" aria-expanded={attachOpen} onClick={() => setAttachOpen(!attachOpen)}>
          Joindre un fichier
        </button>
        {attachOpen ? (
          <div className="attach-panel">
            {documents.length > 0 ? (
              <div className="attach-existing">
                <div className="field">
                  <label htmlFor={`${labelId}-document`}>Un document de l’espace</label>
                  <select id={`${labelId}-document`} value={documentId} onChange={(event) => setDocumentId(event.target.value)}>
                    <option value="">{say(address, { tu: 'Choisis un document', vous: 'Choisissez un document' })}</option>
                    {documents.map((item) => <option key={item.id} value={item.id}>{item.name}</option>)}
                  </select>
                </div>
                <Button variant="secondary" onClick={() => {
                  const chosen = documents.find((item) => item.id === documentId);
                  if (chosen) { insertLink(chosen.contentUrl, chosen.name); setAttachOpen(false); setDocumentId(''); }
                }}>Joindre ce document</Button>
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`${labelId}-fichier`}>{say(address, { tu: 'Ou un fichier de ton appareil', vous: 'Ou un fichier de votre appareil' })}</label>
              <input id={`${labelId}-fichier`} type="file" disabled={uploading} onChange={(event) => void upload(event)} />
              {uploading ? <p role="status" className="muted">Envoi du fichier…</p> : null}
            </div>
          </div>
        ) : null}
      </div>
      {held && !editing ? <p className="hint">{say(address, {
        tu: 'Ton enseignant lira ton message avant qu’il soit publié.',
        vous: 'Les messages des élèves sont relus avant d’être publiés.',
      })}</p> : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="actions">
        <Button type="submit" busy={loading}>{editing ? 'Enregistrer' : 'Publier'}</Button>
        <Button variant="secondary" onClick={onCancel}>Annuler</Button>
      </div>
    </form>
  );
}
