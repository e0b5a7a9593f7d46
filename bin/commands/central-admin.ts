import type { Command } from 'commander';
import pc from 'picocolors';
import {
  driversThroughApi,
  acceptCpThroughApi,
  removeCpThroughApi,
  resetSecretThroughApi,
  revokeDriverThroughApi,
  sessionsCsvThroughApi,
  sessionsThroughApi,
  type AdminClientOptions,
  type SessionFilter,
} from '../../central/app/index.ts';
import { UsageError } from '../../protocol/index.ts';

interface ApiFlags {
  url: string;
  adminToken?: string;
  viewerToken?: string;
}

interface SessionsFlags extends ApiFlags {
  cp?: string;
  driver?: string;
  day?: string;
  limit: string;
  csv?: boolean;
}

const out = (text: string) => process.stdout.write(text);

function client(flags: ApiFlags, parent: Command | null, forReading = false): AdminClientOptions {
  const inherited = (parent?.opts() ?? {}) as { adminToken?: string; viewerToken?: string };
  const admin = flags.adminToken ?? inherited.adminToken;
  const viewer = flags.viewerToken ?? inherited.viewerToken;
  const token = forReading ? (viewer ?? admin) : admin;
  return { url: flags.url, ...(token ? { token } : {}) };
}

function withApiFlags(command: Command, reads = false): Command {
  command
    .option('--url <url>', "Central's HTTP address (its dashboard)", 'http://localhost:8080')
    .option('--admin-token <token>', 'the admin token Central was started with');
  if (reads) command.option('--viewer-token <token>', 'the viewer token, when Central has one (the admin token works too)');
  return command;
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

function printSessions(sessions: Awaited<ReturnType<typeof sessionsThroughApi>>): void {
  if (sessions.length === 0) {
    out(`${pc.dim('no sessions match')}\n`);
    return;
  }
  out(pc.dim(`${pad('started', 20)}${pad('CP', 10)}${pad('driver', 12)}${pad('state', 10)}${pad('kWh', 9)}${pad('amount', 10)}reason\n`));
  let kWh = 0;
  let amount = 0;
  for (const s of sessions) {
    kWh += s.kWh;
    amount += s.amount;
    const started = new Date(s.startedAt).toISOString().slice(0, 19).replace('T', ' ');
    out(`${pad(started, 20)}${pad(s.cpId, 10)}${pad(s.driverId, 12)}${pad(s.state, 10)}${pad(s.kWh.toFixed(2), 9)}${pad(`${s.amount.toFixed(2)} ${s.currency}`, 10)}${s.reason ?? ''}\n`);
  }
  out(`${pc.dim(`${sessions.length} session(s), ${kWh.toFixed(2)} kWh, ${amount.toFixed(2)} in total (times UTC)`)}\n`);
}

/** `evc central remove-cp | accept | reset-secret | revoke-driver | drivers | sessions`: operator commands through the running Central's HTTP API. */
export function registerAdmin(central: Command): void {
  withApiFlags(central.command('remove-cp <cpId>').description('remove a CP from the running Central: ends its charge, closes its link, forgets its secret')).action(
    async (cpId: string, flags: ApiFlags, command: Command) => {
      await removeCpThroughApi(client(flags, command.parent), cpId);
      out(`${pc.green('✔')} ${cpId} removed; its past sessions stay in the history\n`);
    },
  );

  withApiFlags(central.command('accept <cpId>').description('accept a CP waiting as PENDING (--registration approve): its next hello registers it')).action(
    async (cpId: string, flags: ApiFlags, command: Command) => {
      await acceptCpThroughApi(client(flags, command.parent), cpId);
      out(`${pc.green('✔')} ${cpId} accepted; it is registered at its next hello (its Monitor retries on its own)\n`);
    },
  );

  withApiFlags(central.command('reset-secret <cpId>').description("give a CP a new secret, printed once (the old one stops working; the CP reconnects with the new one)")).action(
    async (cpId: string, flags: ApiFlags, command: Command) => {
      const secret = await resetSecretThroughApi(client(flags, command.parent), cpId);
      out(`${pc.green('✔')} ${cpId} has a new secret; the old one no longer works\n`);
      out(`secret: ${secret}\n`); // plain: scripts read it
      out(`${pc.dim(`Shown once; only its hash is kept. Restart the CP with: evc cp --id ${cpId} --secret <secret> --central HOST:7070`)}\n`);
    },
  );

  withApiFlags(central.command('revoke-driver <driverId>').description("revoke a driver's token on the running Central: its next login or request is refused")).action(
    async (driverId: string, flags: ApiFlags, command: Command) => {
      const { already } = await revokeDriverThroughApi(client(flags, command.parent), driverId);
      out(`${pc.green('✔')} ${driverId} ${already ? 'was already revoked' : 'revoked; its token no longer works'}\n`);
      out(`${pc.dim(`A new token: evc central add-driver ${driverId}`)}\n`);
    },
  );

  withApiFlags(central.command('drivers').description('the drivers the running Central knows, and where each charges now'), true).action(
    async (flags: ApiFlags, command: Command) => {
      const drivers = await driversThroughApi(client(flags, command.parent, true));
      if (drivers.length === 0) return void out(`${pc.dim('no drivers yet')}\n`);
      out(pc.dim(`${pad('driver', 16)}${pad('first seen (UTC)', 21)}${pad('status', 10)}charging at\n`));
      for (const d of drivers) {
        const first = new Date(d.firstSeenMs).toISOString().slice(0, 19).replace('T', ' ');
        out(`${pad(d.id, 16)}${pad(first, 21)}${pad(d.blocked ? 'revoked' : d.provisioned === false ? 'no token' : 'ok', 10)}${d.cpId ?? ''}\n`);
      }
      out(`${pc.dim(`${drivers.length} driver(s); their sessions: evc central sessions --driver ID`)}\n`);
    },
  );

  withApiFlags(central.command('sessions').description('sessions from the running Central, latest first; filter by CP, driver and day; --csv for a spreadsheet'), true)
    .option('--cp <cpId>', 'only this CP')
    .option('--driver <driverId>', 'only this driver')
    .option('--day <YYYY-MM-DD>', "only sessions that started that day (Central's local time)")
    .option('--limit <n>', 'at most this many', '100')
    .option('--csv', 'print CSV (the dashboard\'s download) instead of a table')
    .action(async (flags: SessionsFlags, command: Command) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit must be a whole number from 1 to 10000, got "${flags.limit}"`);
      if (flags.day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.day)) throw new UsageError(`--day must be a date as YYYY-MM-DD, got "${flags.day}"`);
      const filter: SessionFilter = { limit, ...(flags.cp ? { cpId: flags.cp } : {}), ...(flags.driver ? { driverId: flags.driver } : {}), ...(flags.day ? { day: flags.day } : {}) };
      const options = client(flags, command.parent, true);
      if (flags.csv) out(await sessionsCsvThroughApi(options, filter));
      else printSessions(await sessionsThroughApi(options, filter));
    });
}
