/**
 * Sign-out is the hub's own form (POST /deconnexion, same origin: the hub checks Origin and Sec-Fetch-Site): a real
 * form post, so the browser follows the hub's answer (the sign-in page, or the partner ENT's single logout).
 */
export function SignOutForm({ name }: { name: string }) {
  return (
    <form className="sign-out" method="post" action="/deconnexion">
      <span className="who">{name}</span>
      <button className="button button-secondary" type="submit">Se déconnecter</button>
    </form>
  );
}
