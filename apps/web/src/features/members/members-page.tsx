import { ComingSoon } from '../../components/coming-soon';

export function MembersPage() {
  return <ComingSoon title="Membres" />;
}
