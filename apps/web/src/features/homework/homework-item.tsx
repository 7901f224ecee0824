import { useState } from 'react';
import { Button } from '../../components/button';
import type { HomeworkItemFragment } from '../../gql/graphql';
import { RichHtml } from '../../components/rich-html';

/** The teacher's count, exactly as PRODUCT.md says: « 0 fait », « 1 fait », « 3 faits ». */
export function doneLabel(count: number): string {
  return `${count} ${count > 1 ? 'faits' : 'fait'}`;
}

/**
 * One homework: its title, who it is for, the instructions (sanitised by the API); a pupil's « Fait » checkbox; for
 * those who plan, the count then the names (« Voir qui a fini »).
 */
export function HomeworkItem({ homework, forWhom, mayComplete, mayFollow, onDone, doneBy, onShowDoneBy }: {
  homework: HomeworkItemFragment;
  forWhom: string;
  mayComplete: boolean;
  mayFollow: boolean;
  onDone: (done: boolean) => void;
  doneBy: readonly { id: string; displayName: string }[] | null | undefined;
  onShowDoneBy: () => void;
}) {
  const [open, setOpen] = useState(false);
  const titleId = `devoir-${homework.id}`;
  const namesId = `${titleId}-noms`;
  return (
    <article id={`homework-${homework.id}`} tabIndex={-1} aria-labelledby={titleId} className="card homework-item">
      <h3 id={titleId}>{homework.title}</h3>
      <p className="muted homework-for">{forWhom}</p>
      {homework.detailsHtml ? <RichHtml html={homework.detailsHtml} className="homework-details" /> : null}
      {mayComplete ? (
        <p className="homework-done">
          <input type="checkbox" id={`${titleId}-fait`} checked={homework.doneByMe} onChange={(e) => onDone(e.target.checked)} />
          <label htmlFor={`${titleId}-fait`}>Fait</label>
        </p>
      ) : null}
      {mayFollow ? (
        <div className="homework-progress">
          <p className="homework-count">{doneLabel(homework.doneCount ?? 0)}</p>
          <Button variant="secondary" aria-expanded={open} aria-controls={open ? namesId : undefined}
            onClick={() => { if (!open) onShowDoneBy(); setOpen(!open); }}>Voir qui a fini</Button>
          {open ? (
            <div id={namesId} className="homework-names">
              {!doneBy ? <p className="loading">Chargement…</p> : doneBy.length === 0 ? <p>Personne n’a encore fini.</p> : (
                <ul>{doneBy.map((pupil) => <li key={pupil.id}>{pupil.displayName}</li>)}</ul>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}
