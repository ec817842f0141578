import Translate, { translate } from '@docusaurus/Translate';
import type { ReactNode } from 'react';
import { dashboardPage, type LoadFailure, usePainelLanguage } from './use-dashboard';

/*
 * What a live example shows before its data arrives and when it cannot arrive. Small and
 * styled by custom.css (not the live components' CSS module), because it is also the fallback
 * shown while their code loads.
 */

export function Loading({ what }: { what: 'chart' | 'dashboard' }): ReactNode {
  const text =
    what === 'chart'
      ? translate({
          id: 'liveChart.loading.chart',
          message: 'Loading the live chart…',
          description: 'Shown while a live chart of the docs loads from the Painel API',
        })
      : translate({
          id: 'liveChart.loading.dashboard',
          message: 'Loading the live dashboard…',
          description: 'Shown while a live dashboard of the docs loads from the Painel API',
        });
  return (
    <div className={`live-status live-status--${what}`} role="status">
      {text}
    </div>
  );
}

/** Why a live example is missing, and where to see it instead. */
export function LoadFailed(props: { slug: string; reason: LoadFailure; card?: string }): ReactNode {
  const language = usePainelLanguage();
  const link = (
    <a href={dashboardPage(props.slug, language)} target="_self">
      <Translate
        id="liveChart.error.link"
        description="Link to a dashboard's page on the Painel site"
        values={{ slug: props.slug }}
      >
        {'the {slug} dashboard'}
      </Translate>
    </a>
  );
  return (
    <div className="alert alert--warning live-status">
      <p>
        <strong>
          <Translate
            id="liveChart.error.title"
            description="Heading of the message shown when a live chart cannot be loaded"
          >
            This live example could not be loaded.
          </Translate>
        </strong>
      </p>
      <p>
        {props.reason === 'unreachable' ? (
          <Translate
            id="liveChart.error.unreachable"
            description="The docs are served without the Painel API, so live charts cannot load"
            values={{ link }}
          >
            {
              'The Painel API did not answer: these docs show live charts only when Painel itself serves them (npm start). See {link} on a running Painel.'
            }
          </Translate>
        ) : props.reason === 'notFound' ? (
          <Translate
            id="liveChart.error.notFound"
            description="A live example names a dashboard that is not public or does not exist"
            values={{ slug: <code>{props.slug}</code> }}
          >
            {'There is no public dashboard {slug}.'}
          </Translate>
        ) : (
          <Translate
            id="liveChart.error.noCard"
            description="A live chart names a card its dashboard does not have"
            values={{ card: <code>{props.card}</code>, link }}
          >
            {'There is no card {card} in {link}.'}
          </Translate>
        )}
      </p>
    </div>
  );
}
