import { ComingSoon } from '../../components/coming-soon';

export function HomeworkPage() {
  return <ComingSoon title="Cahier de textes" />;
}
