/** The first stop of the keyboard: straight to the screen's content (RGAA 12.7). */
export function SkipLink() {
  return (
    <a className="skip-link" href="#contenu" onClick={(event) => {
      const main = document.getElementById('contenu');
      if (!main) return;
      event.preventDefault();
      main.focus();
      main.scrollIntoView();
    }}>Aller au contenu</a>
  );
}
