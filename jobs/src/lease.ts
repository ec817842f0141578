import type { Db } from '@painel/api';

/**
 * Takes or renews the lease on a job for `ttlMs`. With several replicas sharing one metadata
 * database only the holder runs the job; a crashed holder's lease simply expires.
 * PostgreSQL re-checks the WHERE clause after a concurrent update commits, and SQLite
 * serialises writers, so two replicas cannot both win the same expired lease.
 */
export async function acquireLease(
  db: Db,
  lease: { name: string; holder: string; ttlMs: number; now: number },
): Promise<boolean> {
  const expiresAt = lease.now + lease.ttlMs;
  const renewed = await db('job_leases')
    .where({ name: lease.name })
    .andWhere((q) => q.where('expires_at', '<=', lease.now).orWhere({ holder: lease.holder }))
    .update({ holder: lease.holder, expires_at: expiresAt });
  if (renewed > 0) return true;
  await db('job_leases')
    .insert({ name: lease.name, holder: lease.holder, expires_at: expiresAt })
    .onConflict('name')
    .ignore();
  // Drivers report ignored inserts differently; read back who holds it.
  const row = await db('job_leases').where({ name: lease.name }).first('holder');
  return row?.holder === lease.holder;
}
