/**
 * The device bus a CP uses, from the URL Central named in `welcome` (DESIGN §4.2): a wildcard or loopback host
 * there means Central's own machine, which the CP reaches at the host it was given with `--central`.
 */
export function deviceBusFromWelcome(url: string, centralHost: string): string {
  const match = /^([a-z]+:\/\/)(.*)$/i.exec(url);
  if (!match) return url;
  const [, scheme, hosts] = match as unknown as [string, string, string];
  const centralForUrl = centralHost.includes(':') && !centralHost.startsWith('[') ? `[${centralHost}]` : centralHost;
  const rewritten = hosts.split(',').map((hostPort) => {
    const port = /:(\d+)$/.exec(hostPort)?.[1];
    const host = port === undefined ? hostPort : hostPort.slice(0, -(port.length + 1));
    return isThisMachine(host) ? `${centralForUrl}${port === undefined ? '' : `:${port}`}` : hostPort;
  });
  return `${scheme}${rewritten.join(',')}`;
}

function isThisMachine(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === '' || bare === '0.0.0.0' || bare === '::' || bare === 'localhost' || bare === '::1' || /^127\./.test(bare);
}
