import { ComingSoon } from '../../components/coming-soon';

export function NotificationsPage() {
  return <ComingSoon title="Notifications" />;
}
