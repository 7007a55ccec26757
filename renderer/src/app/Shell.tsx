import { useEffect, useState } from 'react';
import { Button, Layout, Result, Space, Tag, Tooltip } from 'antd';
import {
  BarChartOutlined,
  DashboardOutlined,
  KeyOutlined,
  LogoutOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ToolOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { MAIN_ID, SEARCH_INPUT_ID, isDialogOpen, isTypingTarget, leavesFieldOnEscape } from '../lib/keys';
import { showSuccess } from '../lib/notify';
import { startCaseEvents } from '../stores/caseWrites';
import { useCases } from '../stores/cases';
import { useNav } from '../stores/nav';
import { useScript } from '../stores/script';
import { canHandle, useSession } from '../stores/session';
import { canConfigureSync, useSync } from '../stores/sync';
import { CaseListPage } from '../features/cases/CaseListPage';
import { IntakePage } from '../features/intake/IntakePage';
import { HandlingPage } from '../features/handling/HandlingPage';
import { clearDrafts } from '../features/handling/fieldValues';
import { SettingsPage } from '../features/sync/SettingsPage';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { ChangeOwnSecretDialog } from '../features/staff/ChangeOwnSecretDialog';
import { StaffPage } from '../features/staff/StaffPage';
import { CalendarPage } from '../features/calendar/CalendarPage';
import { AlertBell } from '../features/work/AlertBell';
import { BoardPage } from '../features/work/BoardPage';
import { MyWorkPage } from '../features/work/MyWorkPage';
import { canSeeBoard } from '../features/work/workStore';
import { QcReportPage } from '../features/orders/QcReportPage';
import { RulesPage } from '../features/calendar/RulesPage';
import { ListsPage } from '../features/calendar/ListsPage';
import { VolumePage } from '../features/volume/VolumePage';
import { OrdersBoardPage } from '../features/orders/OrdersBoardPage';
import { OrderPage } from '../features/orders/OrderPage';
import { startOrderEvents } from '../stores/orders';
import { NewOrderPage } from '../features/orders/NewOrderPage';
import { ReworkReturnForm } from '../features/orders/ReworkReturnForm';
import { OrderSlipPage } from '../features/orders/OrderSlipPage';
import { LibraryPage } from '../features/library/LibraryPage';
import { RectificationPage } from '../features/rectification/RectificationPage';
import { ImportPage } from '../features/import/ImportPage';
import { AnalysisPage, canSeeAnalysis } from '../features/analysis/AnalysisPage';
import { INTAKE_DRAFT } from '../stores/drafts';
import { DraftMark } from './DraftMark';
import { LanguageSwitch } from './LanguageSwitch';
import { ShortcutHelp } from './ShortcutHelp';
import { isSettingsRoute, SettingsTabs } from './SettingsTabs';

export function Shell() {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const status = useSession((s) => s.status);
  const route = useNav((s) => s.route);
  const scriptMissing = useScript((s) => s.script === null && s.error !== null);
  const scriptError = useScript((s) => s.error);
  const go = useNav((s) => s.go);
  const [changingSecret, setChangingSecret] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const inSettings = isSettingsRoute(route);

  // Desk events: cases changed elsewhere reach the list and the open case (caseWrites.ts).
  useEffect(() => {
    const stop = startCaseEvents();
    return () => {
      stop();
      // Signed out or session ended: forget what this clerk loaded and typed.
      useCases.getState().clear();
      clearDrafts();
    };
  }, []);

  // Work-order events: the board and the open order read again when an order changes (stores/orders.ts).
  useEffect(() => startOrderEvents(), []);

  // Head-office sync status: desk events, with a slow poll as the fallback.
  useEffect(() => useSync.getState().start(), []);

  // A new screen starts at its top.
  useEffect(() => {
    document.getElementById(MAIN_ID)?.scrollTo({ top: 0 });
  }, [route]);

  // Global shortcuts (docs/keyboard.md), quiet while typing or while a dialog is open;
  // Esc leaves a text field so they work again.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isDialogOpen()) return;
      if (isTypingTarget(e.target)) {
        if (e.key === 'Escape' && leavesFieldOnEscape(e.target)) e.target.blur();
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        if (useNav.getState().route.name !== 'list') useNav.getState().go({ name: 'list' });
        // The list may need a frame to mount before its search box exists.
        requestAnimationFrame(() => document.getElementById(SEARCH_INPUT_ID)?.focus());
      } else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      } else if ((e.key === 'n' || e.key === 'N') && canHandle(useSession.getState().staff)) {
        e.preventDefault();
        useNav.getState().go({ name: 'new' });
      } else if (e.key === 'w' || e.key === 'W') {
        e.preventDefault();
        useNav.getState().go({ name: 'work' });
      } else if ((e.key === 'b' || e.key === 'B') && canSeeBoard(useSession.getState().staff?.role)) {
        e.preventDefault();
        useNav.getState().go({ name: 'board' });
      } else if (e.key === 'o' || e.key === 'O') {
        e.preventDefault();
        useNav.getState().go({ name: 'orders' });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function signOut() {
    await useSession.getState().signOut();
    showSuccess(t('shell.signedOut'));
  }

  return (
    <Layout style={{ height: '100%' }}>
      <Layout.Header className="ld-header" data-testid="app-header">
        <span className="ld-brand">{t('app.name')}</span>
        {/* Branch over device, so the branch name has the width to show whole; a name too long is cut, and whole on hover. */}
        <span
          className="ld-header-branch"
          data-testid="header-branch"
          title={t('shell.branchDevice', {
            branch: status?.branchName ?? '',
            code: status?.branchCode ?? '',
            device: status?.deviceCode ?? '',
          })}
        >
          <span className="ld-header-branch-name">
            {t('shell.branch', { branch: status?.branchName ?? '', code: status?.branchCode ?? '' })}
          </span>
          <span className="ld-header-device">{t('shell.device', { device: status?.deviceCode ?? '' })}</span>
        </span>
        <Space size={4}>
          <Button
            type={route.name === 'list' ? 'link' : 'text'}
            icon={<UnorderedListOutlined />}
            onClick={() => go({ name: 'list' })}
            className="ld-nav-btn"
            data-testid="nav-list"
          >
            {t('shell.caseList')}
          </Button>
          {canHandle(staff) ? (
            <Tooltip title="N">
              <Button
                type={route.name === 'new' ? 'link' : 'text'}
                icon={<PlusOutlined />}
                onClick={() => go({ name: 'new' })}
                className="ld-nav-btn"
                data-testid="nav-new"
              >
                {t('shell.newCase')}
                <DraftMark draftKey={INTAKE_DRAFT} testId="nav-new-draft" />
              </Button>
            </Tooltip>
          ) : null}
          <Tooltip title="W">
            <Button
              type={route.name === 'work' ? 'link' : 'text'}
              icon={<ScheduleOutlined />}
              onClick={() => go({ name: 'work' })}
              className="ld-nav-btn"
              data-testid="nav-work"
            >
              {t('work.nav')}
            </Button>
          </Tooltip>
          {canSeeBoard(staff?.role) ? (
            <Tooltip title="B">
              <Button
                type={route.name === 'board' ? 'link' : 'text'}
                icon={<DashboardOutlined />}
                onClick={() => go({ name: 'board' })}
                className="ld-nav-btn"
                data-testid="nav-board"
              >
                {t('work.boardNav')}
              </Button>
            </Tooltip>
          ) : null}
          <Tooltip title="O">
            <Button
              type={route.name === 'orders' || route.name === 'order' ? 'link' : 'text'}
              icon={<ToolOutlined />}
              onClick={() => go({ name: 'orders' })}
              className="ld-nav-btn"
              data-testid="nav-orders"
            >
              {t('orders.nav')}
            </Button>
          </Tooltip>
          {canSeeAnalysis(staff?.role) ? (
            <Button
              type={route.name === 'analysis' ? 'link' : 'text'}
              icon={<BarChartOutlined />}
              onClick={() => go({ name: 'analysis' })}
              className="ld-nav-btn"
              data-testid="nav-analysis"
            >
              {t('analysis.nav')}
            </Button>
          ) : null}
          {canConfigureSync(staff?.role) ? (
            <Button
              type={inSettings ? 'link' : 'text'}
              icon={<SettingOutlined />}
              onClick={() => go({ name: 'settings' })}
              className="ld-nav-btn"
              data-testid="nav-settings"
            >
              {t('shell.settings')}
            </Button>
          ) : null}
        </Space>
        <span className="ld-header-spacer" />
        <AlertBell />
        <SyncIndicator />
        <Tooltip title={t('keys.open')}>
          <Button
            type="text"
            icon={<QuestionCircleOutlined />}
            onClick={() => setHelpOpen(true)}
            aria-label={t('keys.open')}
            aria-keyshortcuts="?"
            data-testid="shortcut-help-open"
          />
        </Tooltip>
        {/* The signed-in person: their name opens the change of their own PIN or password (any role). */}
        <Tooltip title={t('staff.changeOwn')}>
          <Button
            type="text"
            onClick={() => setChangingSecret(true)}
            aria-label={`${staff?.name ?? ''} · ${t('staff.changeOwn')}`}
            data-testid="change-own-secret"
          >
            <Space size={6} className="ld-header-staff" data-testid="header-staff">
              <span>{staff?.name}</span>
              {staff ? (
                <Tag color="blue" data-testid="header-role" style={{ marginInlineEnd: 0 }}>
                  {t(`roles.${staff.role}`)}
                </Tag>
              ) : null}
              <KeyOutlined />
            </Space>
          </Button>
        </Tooltip>
        <LanguageSwitch />
        <Button
          icon={<LogoutOutlined />}
          onClick={() => void signOut()}
          aria-label={t('shell.signOut')}
          title={t('shell.signOut')}
          data-testid="sign-out"
        >
          <span className="ld-signout-label">{t('shell.signOut')}</span>
        </Button>
      </Layout.Header>
      <Layout.Content id={MAIN_ID} className="ld-content" style={{ overflow: 'auto' }}>
        {scriptMissing ? (
          // Without the handling script nothing can be shown or recorded.
          <Result
            status="warning"
            title={t('app.startFailed')}
            subTitle={scriptError?.message}
            extra={
              <Button type="primary" autoFocus onClick={() => void useScript.getState().load()}>
                {t('app.retry')}
              </Button>
            }
          />
        ) : (
          <>
            {route.name === 'list' ? <CaseListPage /> : null}
            {route.name === 'new' ? <IntakePage /> : null}
            {route.name === 'case' ? <HandlingPage key={route.id} caseId={route.id} /> : null}
            {route.name === 'work' ? <MyWorkPage /> : null}
            {route.name === 'board' ? <BoardPage /> : null}
            {route.name === 'orders' ? <OrdersBoardPage /> : null}
            {route.name === 'order' ? <OrderPage key={route.id} orderId={route.id} /> : null}
            {route.name === 'orderReport' ? <QcReportPage /> : null}
            {route.name === 'orderNew' ? <NewOrderPage /> : null}
            {route.name === 'orderRework' ? <ReworkReturnForm /> : null}
            {route.name === 'library' ? <LibraryPage /> : null}
            {route.name === 'import' ? <ImportPage /> : null}
            {route.name === 'analysis' ? <AnalysisPage /> : null}
            {route.name === 'rectification' ? (
              <RectificationPage key={route.id ?? 'list'} id={route.id} prefill={route.prefill} />
            ) : null}
            {route.name === 'orderSlip' ? (
              <OrderSlipPage key={route.id} orderId={route.id} slip={route.slip} />
            ) : null}
            {inSettings ? (
              <div className="ld-settings-area">
                <SettingsTabs />
                {route.name === 'settings' ? <SettingsPage /> : null}
                {route.name === 'calendar' ? <CalendarPage /> : null}
                {route.name === 'rules' ? <RulesPage /> : null}
                {route.name === 'staff' ? <StaffPage /> : null}
                {route.name === 'lists' ? <ListsPage /> : null}
                {route.name === 'volume' ? <VolumePage /> : null}
              </div>
            ) : null}
          </>
        )}
      </Layout.Content>
      <ChangeOwnSecretDialog open={changingSecret} onClose={() => setChangingSecret(false)} />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </Layout>
  );
}
