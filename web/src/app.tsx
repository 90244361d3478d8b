// The pages and who may open them. Every page but sign-in sits in the app shell, behind sign-in.
import { BrowserRouter, Route, Routes } from 'react-router';
import { RequireAuth, RequirePermission } from './auth/guards.tsx';
import { SessionProvider } from './auth/session.tsx';
import { AppShell } from './components/app-shell.tsx';
import { StockPage } from './pages/stock.page.tsx';
import { CapturePage } from './pages/capture.page.tsx';
import { CaptureFormPage } from './pages/capture-form.page.tsx';
import { SubmissionPage } from './pages/submission.page.tsx';
import { FormsPage } from './pages/forms.page.tsx';
import { FormEditorPage } from './pages/form-editor.page.tsx';
import { FsmaPage } from './pages/fsma.page.tsx';
import { InboxPage } from './pages/inbox.page.tsx';
import { WorkflowsPage } from './pages/workflows.page.tsx';
import { WorkflowEditorPage } from './pages/workflow-editor.page.tsx';
import { WorkflowInstancePage } from './pages/workflow-instance.page.tsx';
import { EightDBoardPage } from './pages/eightd-board.page.tsx';
import { EightDCasePage } from './pages/eightd-case.page.tsx';
import { EightDPrintPage } from './pages/eightd-print.page.tsx';
import { NoticeAckPage } from './pages/notice-ack.page.tsx';
import { NoticeBatchPage } from './pages/notice-batch.page.tsx';
import { NoticePage } from './pages/notice.page.tsx';
import { NoticesPage } from './pages/notices.page.tsx';
import { LabelsPage } from './pages/labels.page.tsx';
import { AuditsPage } from './pages/audits.page.tsx';
import { AuditPage } from './pages/audit.page.tsx';
import { AuditCataloguesPage } from './pages/audit-catalogues.page.tsx';
import { AdminUserPage } from './pages/admin-user.page.tsx';
import { AdminPage } from './pages/admin.page.tsx';
import { DefectsPage } from './pages/defects.page.tsx';
import { HomePage } from './pages/home.page.tsx';
import { LoginPage } from './pages/login.page.tsx';
import { DrillPage } from './pages/drill.page.tsx';
import { DrillsPage } from './pages/drills.page.tsx';
import { NotFoundPage } from './pages/not-found.page.tsx';
import { RecallCasePage } from './pages/recall-case.page.tsx';
import { RecallPage } from './pages/recall.page.tsx';
import { RecallsPage } from './pages/recalls.page.tsx';
import { SpcPage } from './pages/spc.page.tsx';
import { SuppliersPage } from './pages/suppliers.page.tsx';
import { TokensPage } from './pages/tokens.page.tsx';
import { TracePage } from './pages/trace.page.tsx';
import { YieldPage } from './pages/yield.page.tsx';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          {/* a customer's single-use notice link: no account, outside the app shell */}
          <Route path="/ack/:token" element={<NoticeAckPage />} />
          <Route
            element={
              <RequireAuth>
                <AppShell />
              </RequireAuth>
            }
          >
            <Route index element={<HomePage />} />
            <Route
              path="trace"
              element={
                <RequirePermission permission="trace:read">
                  <TracePage />
                </RequirePermission>
              }
            />
            <Route
              path="recall"
              element={
                <RequirePermission permission="recall:read">
                  <RecallPage />
                </RequirePermission>
              }
            />
            <Route
              path="recalls"
              element={
                <RequirePermission permission="recall:read">
                  <RecallsPage />
                </RequirePermission>
              }
            />
            <Route
              path="recalls/:caseId"
              element={
                <RequirePermission permission="recall:read">
                  <RecallCasePage />
                </RequirePermission>
              }
            />
            <Route
              path="drills"
              element={
                <RequirePermission permission="recall:read">
                  <DrillsPage />
                </RequirePermission>
              }
            />
            <Route
              path="drills/:drillId"
              element={
                <RequirePermission permission="recall:read">
                  <DrillPage />
                </RequirePermission>
              }
            />
            <Route
              path="fsma"
              element={
                <RequirePermission permission="recall:read">
                  <FsmaPage />
                </RequirePermission>
              }
            />
            <Route
              path="suppliers"
              element={
                <RequirePermission permission="analytics:read">
                  <SuppliersPage />
                </RequirePermission>
              }
            />
            <Route
              path="defects"
              element={
                <RequirePermission permission="analytics:read">
                  <DefectsPage />
                </RequirePermission>
              }
            />
            <Route
              path="yield"
              element={
                <RequirePermission permission="yield:read">
                  <YieldPage />
                </RequirePermission>
              }
            />
            <Route
              path="spc"
              element={
                <RequirePermission permission="analytics:read">
                  <SpcPage />
                </RequirePermission>
              }
            />
            <Route
              path="stock"
              element={
                <RequirePermission permission="recall:read">
                  <StockPage />
                </RequirePermission>
              }
            />
            <Route
              path="capture"
              element={
                <RequirePermission permission="events:capture">
                  <CapturePage />
                </RequirePermission>
              }
            />
            <Route
              path="capture/:key"
              element={
                <RequirePermission permission="events:capture">
                  <CaptureFormPage />
                </RequirePermission>
              }
            />
            <Route
              path="submissions/:id"
              element={
                <RequirePermission permission="events:read">
                  <SubmissionPage />
                </RequirePermission>
              }
            />
            <Route
              path="forms"
              element={
                <RequirePermission permission="config:write">
                  <FormsPage />
                </RequirePermission>
              }
            />
            <Route
              path="forms/:key"
              element={
                <RequirePermission permission="config:write">
                  <FormEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="audits"
              element={
                <RequirePermission permission="vda63:read">
                  <AuditsPage />
                </RequirePermission>
              }
            />
            <Route
              path="audits/catalogues"
              element={
                <RequirePermission permission="vda63:read">
                  <AuditCataloguesPage />
                </RequirePermission>
              }
            />
            <Route
              path="audits/:id"
              element={
                <RequirePermission permission="vda63:read">
                  <AuditPage />
                </RequirePermission>
              }
            />
            <Route
              path="inbox"
              element={
                <RequirePermission permission="tasks:read">
                  <InboxPage />
                </RequirePermission>
              }
            />
            <Route
              path="workflows"
              element={
                <RequirePermission permission="config:write">
                  <WorkflowsPage />
                </RequirePermission>
              }
            />
            <Route
              path="workflows/:key"
              element={
                <RequirePermission permission="config:write">
                  <WorkflowEditorPage />
                </RequirePermission>
              }
            />
            <Route
              path="workflow-instances/:id"
              element={
                <RequirePermission permission="tasks:read">
                  <WorkflowInstancePage />
                </RequirePermission>
              }
            />
            <Route
              path="8d"
              element={
                <RequirePermission permission="eightd:read">
                  <EightDBoardPage />
                </RequirePermission>
              }
            />
            <Route
              path="8d/:id"
              element={
                <RequirePermission permission="eightd:read">
                  <EightDCasePage />
                </RequirePermission>
              }
            />
            <Route
              path="8d/:id/print"
              element={
                <RequirePermission permission="eightd:read">
                  <EightDPrintPage />
                </RequirePermission>
              }
            />
            <Route
              path="notices"
              element={
                <RequirePermission permission="notices:read">
                  <NoticesPage />
                </RequirePermission>
              }
            />
            <Route
              path="notices/batches/:batch"
              element={
                <RequirePermission permission="notices:read">
                  <NoticeBatchPage />
                </RequirePermission>
              }
            />
            <Route
              path="notices/:id"
              element={
                <RequirePermission permission="notices:read">
                  <NoticePage />
                </RequirePermission>
              }
            />
            <Route
              path="labels"
              element={
                <RequirePermission permission="labels:print">
                  <LabelsPage />
                </RequirePermission>
              }
            />
            <Route path="tokens" element={<TokensPage />} />
            <Route
              path="admin"
              element={
                <RequirePermission permission="users:manage">
                  <AdminPage />
                </RequirePermission>
              }
            />
            <Route
              path="admin/users/:id"
              element={
                <RequirePermission permission="users:manage">
                  <AdminUserPage />
                </RequirePermission>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
