import { ComingSoon } from '../../components/coming-soon';

export function ModerationPage() {
  return <ComingSoon title="Modération" />;
}
