import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { canManageStaff } from '../features/staff/staffStore';
import { useNav, type Route } from '../stores/nav';
import { useSession } from '../stores/session';
import { canConfigureSync } from '../stores/sync';

type SettingsRoute = 'settings' | 'calendar' | 'rules' | 'staff' | 'lists' | 'volume';

/** The settings routes, each shown in the tab bar. */
export function isSettingsRoute(route: Route): route is { name: SettingsRoute } {
  return (
    route.name === 'settings' ||
    route.name === 'calendar' ||
    route.name === 'rules' ||
    route.name === 'staff' ||
    route.name === 'lists' ||
    route.name === 'volume'
  );
}

/**
 * 设置 → 同步与维护 | 营业日历 | 时限规则 | 员工 | 分析列表 | 业务量: the settings screens' tabs,
 * each for whom may see it (the calendar and the rules are read by anyone,
 * changed by an administrator). With one tab only the bar is left out.
 */
export function SettingsTabs() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const route = useNav((s) => s.route);
  const go = useNav((s) => s.go);
  const items = [
    canConfigureSync(role)
      ? { key: 'settings', label: <span data-testid="nav-settings-sync">{t('staff.settingsTab')}</span> }
      : null,
    { key: 'calendar', label: <span data-testid="nav-calendar">{t('calendar.tab')}</span> },
    { key: 'rules', label: <span data-testid="nav-rules">{t('rules.tab')}</span> },
    canManageStaff(role)
      ? { key: 'staff', label: <span data-testid="nav-staff">{t('staff.tab')}</span> }
      : null,
    // Issue 14: the analysis lists (read by anyone, changed by an administrator) and the business volume.
    { key: 'lists', label: <span data-testid="nav-lists">{t('attributes.listsTab')}</span> },
    canConfigureSync(role)
      ? { key: 'volume', label: <span data-testid="nav-volume">{t('volume.tab')}</span> }
      : null,
  ].filter((x) => x !== null);
  if (items.length < 2 || !isSettingsRoute(route)) return null;
  return (
    <Tabs
      className="ld-settings-tabs"
      activeKey={route.name}
      onChange={(key) => go({ name: key as SettingsRoute })}
      items={items}
    />
  );
}
