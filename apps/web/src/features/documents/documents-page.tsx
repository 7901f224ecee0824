import { ComingSoon } from '../../components/coming-soon';

export function DocumentsPage() {
  return <ComingSoon title="Documents" />;
}
