/** A small SVG line chart: CPU % and RSS MiB of Central against the number of CPs (two y axes). */
export function cpuRssPlot(points: { cps: number; cpuPercent: number; rssMiB: number }[], title: string): string {
  const width = 640;
  const height = 360;
  const pad = { left: 60, right: 70, top: 40, bottom: 50 };
  const maxX = Math.max(...points.map((p) => p.cps)) * 1.05;
  const maxCpu = Math.max(10, ...points.map((p) => p.cpuPercent)) * 1.15;
  const maxRss = Math.max(10, ...points.map((p) => p.rssMiB)) * 1.15;
  const x = (value: number): number => pad.left + (value / maxX) * (width - pad.left - pad.right);
  const y = (value: number, max: number): number => height - pad.bottom - (value / max) * (height - pad.top - pad.bottom);
  const line = (pick: (p: (typeof points)[number]) => number, max: number): string => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.cps).toFixed(1)},${y(pick(p), max).toFixed(1)}`).join(' ');
  const ticks = (max: number, side: 'left' | 'right', unit: string, colour: string): string =>
    [0, 0.25, 0.5, 0.75, 1]
      .map((f) => {
        const v = max * f;
        const tx = side === 'left' ? pad.left - 6 : width - pad.right + 6;
        return `<text x="${tx}" y="${y(v, max) + 4}" text-anchor="${side === 'left' ? 'end' : 'start'}" fill="${colour}" font-size="11">${v.toFixed(0)}${unit}</text>`;
      })
      .join('');
  const xTicks = points.map((p) => `<text x="${x(p.cps)}" y="${height - pad.bottom + 16}" text-anchor="middle" font-size="11">${p.cps}</text>`).join('');
  const dots = (pick: (p: (typeof points)[number]) => number, max: number, colour: string): string =>
    points.map((p) => `<circle cx="${x(p.cps)}" cy="${y(pick(p), max)}" r="3" fill="${colour}"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#888"/>
<line x1="${width - pad.right}" y1="${pad.top}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#888"/>
${ticks(maxCpu, 'left', '%', '#c0392b')}${ticks(maxRss, 'right', ' MiB', '#2471a3')}${xTicks}
<text x="${width / 2}" y="${height - 12}" text-anchor="middle" font-size="12">CPs connected (idle, heartbeating)</text>
<path d="${line((p) => p.cpuPercent, maxCpu)}" fill="none" stroke="#c0392b" stroke-width="2"/>${dots((p) => p.cpuPercent, maxCpu, '#c0392b')}
<path d="${line((p) => p.rssMiB, maxRss)}" fill="none" stroke="#2471a3" stroke-width="2"/>${dots((p) => p.rssMiB, maxRss, '#2471a3')}
<text x="${pad.left + 8}" y="${pad.top + 4}" fill="#c0392b" font-size="12">Central CPU (% of one core)</text>
<text x="${width - pad.right - 8}" y="${pad.top + 4}" text-anchor="end" fill="#2471a3" font-size="12">Central RSS</text>
</svg>
`;
}
