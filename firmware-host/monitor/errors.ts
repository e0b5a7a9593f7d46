import { EvcError, type RejectCode } from '../../protocol/index.ts';

const NEXT_STEP: Record<RejectCode, (cpId: string) => string> = {
  BAD_SECRET: (cpId) => `check --secret (or EVC_SECRET): use the secret \`evc central add-cp ${cpId}\` printed`,
  UNKNOWN_CP: (cpId) => `register it first with \`evc central add-cp ${cpId} --price 0.35 --location "..."\`, or run Central with --registration open`,
  DUPLICATE: (cpId) => `another Monitor is connected as ${cpId}; stop it first`,
  BAD_REQUEST: () => 'check --location, --price and --power-kw',
  PENDING: (cpId) => `ask the operator to run \`evc central accept ${cpId}\``,
};

/** Central refused the CP for a reason retrying cannot fix (DESIGN §4.2): the Monitor stops, exit code 1. */
export class MonitorRejectedError extends EvcError {
  readonly rejectCode: RejectCode;

  constructor(cpId: string, central: string, code: RejectCode, reason: string) {
    super(code, `Central at ${central} rejected ${cpId}: ${code} (${reason}); ${NEXT_STEP[code](cpId)}`, 1);
    this.name = 'MonitorRejectedError';
    this.rejectCode = code;
  }
}
