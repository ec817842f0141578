import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

// Category labels are translated in i18n/<locale>/docusaurus-plugin-content-docs/<version>.json.
const sidebars: SidebarsConfig = {
  docs: [
    'intro',
    {
      type: 'category',
      label: 'Guides',
      collapsed: false,
      items: [
        'getting-started',
        'configuration',
        'production',
        {
          type: 'category',
          label: 'Deploy',
          collapsed: false,
          items: [
            'deploy-compose',
            'deploy-swarm',
            'deploy-kubernetes',
            'releases',
            'operations',
            'jobs',
          ],
        },
        'data-sources',
        'sql-editor',
        'query-api',
        'query-safety',
      ],
    },
    {
      type: 'category',
      label: 'Dashboards',
      collapsed: false,
      items: [
        'demo-dashboard',
        'building-dashboards',
        'dashboard-filters',
        'dashboards-as-code',
        'sharing',
        'embedding',
        'reports',
        'alerts',
      ],
    },
    {
      type: 'category',
      label: 'Security and accounts',
      collapsed: false,
      items: ['accounts', 'workspaces', 'api-keys', 'audit-log', 'email'],
    },
    {
      type: 'category',
      label: 'Reference',
      collapsed: false,
      items: ['reference/api', 'reference/charts', 'reference/errors'],
    },
  ],
};

export default sidebars;
