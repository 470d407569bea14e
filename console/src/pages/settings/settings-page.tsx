/**
 * Settings, one tab each (?tab=): your account; and for administrators notification channels and their
 * subscriptions, enrolment keys with the onboarding download, users and API tokens.
 */
import { Page } from '../../components/page';
import { TabList, TabPanel, useTab, type TabDef } from '../../components/tabs';
import { useSession } from '../../session';
import { AccountTab } from './account-tab';
import { ChannelsTab } from './channels/channels-tab';
import { EnrolmentTab } from './enrolment-tab';
import { SubscriptionsTab } from './subscriptions-tab';
import { TokensTab } from './tokens-tab';
import { UsersTab } from './users-tab';

const ADMIN_TABS: TabDef[] = [
  { id: 'channels', label: 'Notification channels' },
  { id: 'subscriptions', label: 'Subscriptions' },
  { id: 'enrolment', label: 'Enrolment keys' },
  { id: 'users', label: 'Users' },
  { id: 'tokens', label: 'API tokens' },
];
const ACCOUNT: TabDef = { id: 'account', label: 'Your account' };

export default function SettingsPage() {
  const { can } = useSession();
  const tabs = can('admin') ? [...ADMIN_TABS, ACCOUNT] : [ACCOUNT];
  const tab = useTab(tabs);
  return (
    <Page title="Settings" subtitle={can('admin') ? 'Notifications, onboarding, users and API access' : 'Your account'}>
      <TabList tabs={tabs} selected={tab} label="Settings" />
      <TabPanel id={tab}>
        {tab === 'channels' && <ChannelsTab />}
        {tab === 'subscriptions' && <SubscriptionsTab />}
        {tab === 'enrolment' && <EnrolmentTab />}
        {tab === 'users' && <UsersTab />}
        {tab === 'tokens' && <TokensTab />}
        {tab === 'account' && <AccountTab />}
      </TabPanel>
    </Page>
  );
}
