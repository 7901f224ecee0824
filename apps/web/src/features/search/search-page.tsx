import { ComingSoon } from '../../components/coming-soon';

export function SearchPage() {
  return <ComingSoon title="Rechercher" />;
}
