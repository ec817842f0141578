import type { Locale } from '@painel/i18n';
import type { Permission } from './access/policy.js';
import type { AlertDetail, AlertEvent, AlertSummary } from './alerts/types.js';
import type { ApiKey } from './api-keys/service.js';
import type { AuditEvent } from './audit/service.js';
import type { Profile } from './auth/accounts.js';
import type { Role } from './auth/context.js';
import type { SessionSummary } from './auth/sessions.js';
import type { FilterQuery } from './dashboards/filters.js';
import type { DashboardSummary, Folder } from './dashboards/library-store.js';
import type { DashboardSpec, RenderedDashboard } from './dashboards/spec.js';
import type { DashboardVersion } from './dashboards/store.js';
import type { DataSourceSummary } from './datasources/service.js';
import type { EmbedRender } from './embeds/service.js';
import type { EmbedSettings } from './embeds/settings.js';
import type { ShareFailure } from './embeds/token.js';
import type { ProblemBody, ProblemContext } from './http/problem.js';
import type { InstanceSettingsView } from './instance/settings.js';
import type { SignupRule } from './instance/signup-rule.js';
import type { JobRunRecord } from './jobs/control.js';
import type { SavedQuery } from './queries/saved-queries.js';
import type { DashboardSharing } from './sharing/grants.js';
import type { PublicLink, PublicLinkFailure } from './sharing/public-links.js';
import type { SharedView } from './sharing/shared-view.js';
import type {
  DeliveryRow,
  SubscriptionDetail,
  SubscriptionSettings,
  SubscriptionSummary,
  UnsubscribeView,
} from './subscriptions/types.js';
import type { Invite } from './workspaces/invites.js';
import type { Member, WorkspaceSummary } from './workspaces/service.js';

/**
 * What the Express server hands to Astro's on-demand pages as `Astro.locals.painel`.
 * The site never imports the API's modules: it gets these services per request.
 */
export interface SiteServices {
  requestId: string;
  dashboards: {
    /**
     * Renders a public dashboard for a reader with the filters of the page's query string;
     * `null` when no public dashboard has that slug.
     */
    renderPublic(
      slug: string,
      locale: Locale,
      options?: PageRenderOptions,
    ): Promise<RenderedDashboard | null>;
    /** The slugs of every public dashboard, in order. */
    publicSlugs(): Promise<string[]>;
  };
  /**
   * `/embed/<token>`: the token is verified on every render (signature, expiry, the workspace's
   * current or in-grace secret) and is the only credential; it reaches what it names and nothing
   * else. On failure, `locale` is the token's (read unverified) when readable, else 'en'; the
   * page answers 401 (malformed, badSignature), 404 (notFound) or 410 (expired, revoked).
   */
  embeds: {
    render(token: string, options: PageRenderOptions): Promise<EmbedRender>;
  };
  /** `/public/<token>`: a revoked or expired link fails on the very next render. */
  publicLinks: {
    render(
      token: string,
      locale: Locale,
      options: PageRenderOptions,
    ): Promise<({ ok: true } & SharedView) | { ok: false; reason: PublicLinkFailure }>;
  };
  /**
   * `/unsubscribe/<token>`, without sign-in: what the signed link is about, null for a token
   * whose signature fails or whose subscription is gone. The page's button POSTs to the API.
   */
  unsubscribe: {
    view(token: string): Promise<UnsubscribeView | null>;
  };
  /**
   * The signed-in reader, resolved (and refreshed, when the access token had expired) before
   * the page renders; null for an anonymous reader or a session that has ended.
   */
  viewer: SiteViewer | null;
  /** Who may sign up now: the sign-up page says it is closed instead of showing a form that fails. */
  signupRule(): Promise<SignupRule>;
  /**
   * True when the request named no reader at all: no session cookie, valid or not, and no
   * Authorization header (so no cookie was set on its answer either). Nothing on the page can
   * then be the reader's own, and a page the same for every such reader may let shared caches
   * keep it (site/src/lib/page-cache.ts).
   */
  anonymous: boolean;
}

export interface SiteViewer {
  profile: Profile;
  sessionId: string;
  workspaces: WorkspaceSummary[];
  sessions(): Promise<SessionSummary[]>;
  /** One of the viewer's workspaces by slug; null when there is none they belong to. */
  workspace(slug: string): Promise<SiteWorkspace | null>;
  /** Whether the viewer administers the instance (`/admin/jobs`, `/admin/settings`). */
  instanceAdmin: boolean;
  /** The instance's settings (`/admin/settings`); instance administrators only. */
  instanceSettings(): Promise<InstanceSettingsView>;
  /**
   * A page of every job run from the page's query string (name, state, limit, before); instance
   * administrators only. A bad query rejects with the problem the API would answer.
   */
  jobRuns(query: Record<string, string>): Promise<JobRunPage>;
}

/** Runs newest first, and the `before` of the next page (null on the last). */
export interface JobRunPage {
  runs: JobRunRecord[];
  nextBefore: string | null;
  /** Every job the queue knows, for the filter. */
  names: string[];
}

/** What the viewer's role lets them do here (the roles table of the accounts issue). */
/**
 * What the reader may do here, each flag read from the access policy (access/policy.ts) in
 * site-request.ts, so a page never offers what the API would refuse, nor the reverse.
 */
export interface WorkspacePermissions {
  manageMembers: boolean;
  /** Pending invites: list, send, revoke. */
  inviteMembers: boolean;
  readAudit: boolean;
  rename: boolean;
  /** Delete the workspace, transfer ownership. */
  own: boolean;
  /** Everyone but the owner may leave. */
  leave: boolean;
  /** The roles an API key or an invite may be given by this viewer. */
  grantableRoles: Role[];
  /** Create, edit, move, duplicate and delete dashboards (editors and above). */
  editDashboards: boolean;
  /** The embed secret and allowed origins (admins and the owner). */
  manageEmbedding: boolean;
  /** Add, change, test and delete data sources; upload files. */
  manageDataSources: boolean;
  /** Ad-hoc SQL and the query builder (the `sql` and `builder` pages). */
  runQueries: boolean;
  /** Save, change and delete saved queries. */
  editSavedQueries: boolean;
  /** The workspace's public links page. */
  readPublicLinks: boolean;
  /** Whether subscriptions may go to outside addresses (the settings page's switch). */
  manageSubscriptionSettings: boolean;
  /** The runs of the workspace's jobs (reports), and retrying them. */
  readJobs: boolean;
  /** Create alerts (editors and above; only an alert's creator or an admin changes one). */
  manageAlerts: boolean;
}

/**
 * How a page asks for a dashboard: the filters of its query string, only some cards (a filter
 * change, a pending card asked again), and a deadline after which slow cards come back
 * `pending` instead of holding up the page.
 */
export interface PageRenderOptions {
  query?: FilterQuery;
  cards?: readonly string[];
  deadlineMs?: number;
}

/**
 * The workspace's dashboards as the viewer sees them: a restricted one not shared with them is
 * left out of lists and answers like a missing one (null, or a 404 problem for versions).
 */
export interface SiteDashboards {
  list(options?: {
    search?: string;
    folderId?: string | null;
    favorites?: boolean;
  }): Promise<DashboardSummary[]>;
  folders(): Promise<Folder[]>;
  /**
   * One dashboard in the page's language, with the filters of the query string and relative
   * dates in the viewer's time zone; remembered as viewed. Null when there is none.
   */
  render(
    slug: string,
    locale: Locale,
    query: FilterQuery,
    options?: Omit<PageRenderOptions, 'query'>,
  ): Promise<RenderedDashboard | null>;
  /** What the editor loads; null when there is none. */
  spec(slug: string): Promise<{ spec: DashboardSpec; version: number } | null>;
  /**
   * What the viewer may do with one dashboard beyond reading it (a restricted dashboard may be
   * shared with an editor to view only); null when they cannot see it.
   */
  access(slug: string): Promise<{ edit: boolean; manage: boolean } | null>;
  versions(slug: string): Promise<DashboardVersion[]>;
  /**
   * The editor's live preview (`/w/<ws>/card-preview`): the posted JSON read as the API reads
   * POST …/dashboards/preview, rendered with what to fix for the author. A bad body, a reader
   * who may not edit or a missing data source answers the API's problem, translated.
   */
  preview(
    request: globalThis.Request,
    locale: Locale,
    context: ProblemContext,
  ): Promise<{ ok: true; dashboard: RenderedDashboard } | { ok: false; problem: ProblemBody }>;
}

export interface SiteWorkspace {
  summary: WorkspaceSummary;
  can: WorkspacePermissions;
  members(): Promise<Member[]>;
  /** Pending invites; admins and the owner only (an empty list for the others). */
  invites(): Promise<Invite[]>;
  /** The viewer's own API keys here (an admin sees everyone's). */
  apiKeys(): Promise<ApiKey[]>;
  /**
   * A page of the audit log from the page's query string (type, actor, from, to, cursor);
   * admins and the owner. A bad query rejects with the same problem the API would answer.
   */
  audit(
    query: Record<string, string>,
  ): Promise<{ events: AuditEvent[]; nextCursor: string | null }>;
  /** The workspace's data sources (settings without passwords). */
  dataSources(): Promise<DataSourceSummary[]>;
  /** Saved queries, recently changed first; `search` matches name or description. */
  savedQueries(search?: string): Promise<SavedQuery[]>;
  dashboards: SiteDashboards;
  /** What a grant can change for a member of `role` (access/policy.ts), for the share dialog. */
  grantOptions(role: Role): { always: boolean; permissions: Permission[] };
  /** Who sees a dashboard, and whether the viewer may change it; null when they cannot see it. */
  sharing(slug: string): Promise<DashboardSharing | null>;
  /**
   * Public links of the dashboards the viewer may edit (all of the workspace's, or one
   * dashboard's); an empty list for viewers and for a dashboard they may not edit.
   */
  publicLinks(slug?: string): Promise<PublicLink[]>;
  /** The embed settings (never the secret); null unless the viewer may manage embedding. */
  embedSettings(): Promise<EmbedSettings | null>;
  /** A page of the workspace's job runs, like `SiteViewer.jobRuns`; admins and the owner. */
  jobRuns(query: Record<string, string>): Promise<JobRunPage>;
  subscriptions: SiteSubscriptions;
  alerts: SiteAlerts;
}

/**
 * Alerts as the viewer sees them: every member reads all of the workspace's; `canEdit` says
 * which they may change. One that is not there is null (or an empty history), as if missing.
 */
export interface SiteAlerts {
  list(): Promise<AlertSummary[]>;
  get(id: string): Promise<AlertDetail | null>;
  /** Firings, resolutions and notifications, newest first. */
  events(id: string): Promise<AlertEvent[]>;
}

/**
 * Scheduled reports as the viewer sees them: admins every one of the workspace, others those
 * they created or receive. One they may not see is null (or an empty log), as if missing.
 */
export interface SiteSubscriptions {
  list(): Promise<SubscriptionSummary[]>;
  get(id: string): Promise<SubscriptionDetail | null>;
  deliveries(id: string): Promise<DeliveryRow[]>;
  /** Whether outside addresses may be added (the form shows their field only then). */
  settings(): Promise<SubscriptionSettings>;
}

export type {
  AlertDetail,
  AlertEvent,
  AlertSummary,
  DeliveryRow,
  EmbedRender,
  EmbedSettings,
  JobRunRecord,
  PublicLink,
  SharedView,
  ShareFailure,
  SubscriptionDetail,
  SubscriptionSettings,
  SubscriptionSummary,
  UnsubscribeView,
};
