import type { APIRoute } from 'astro';
import { webManifestResponse } from '../../lib/web-manifest';

export const GET: APIRoute = () => webManifestResponse('pt-BR');
