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
        'demo-dashboard',
        'data-sources',
        'sql-editor',
        'query-api',
        'query-safety',
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
      items: ['reference/api', 'reference/errors'],
    },
  ],
};

export default sidebars;
