import { ComingSoon } from '../../components/coming-soon';

export function WallPage() {
  return <ComingSoon title="Fil de l’espace" />;
}
