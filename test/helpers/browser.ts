// Real Chromium for the dashboard tests: Debian's `chromium` driven by playwright-core (no
// browser download). Under CI=true a missing browser fails the suite; elsewhere it skips
// with the reason printed.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.EVC_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((file): file is string => Boolean(file));

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((file) => existsSync(file));
}

/** Launches headless Chromium, or skips the suite (fails it under CI=true) when none is installed. */
export async function launchChromium(context: Mocha.Context): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    const reason = `no Chromium at ${CANDIDATES.join(', ')} (apt-get install chromium, or set EVC_CHROMIUM)`;
    if (process.env.CI === 'true') throw new Error(`the browser tests must run in CI: ${reason}`);
    console.log(`      skipped: ${reason}`);
    context.skip();
  }
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Where screenshots go (gitignored): test-artifacts/<suite>/. */
export async function artifactsDir(suite: string): Promise<string> {
  const dir = path.join(fileURLToPath(new URL('../../test-artifacts/', import.meta.url)), suite);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Full-page screenshot `NN-name.png`. */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Pixels of a canvas close to `rgb` (the series colour): a drawn line, not just axes and grid. */
export function countColourPixels(page: Page, selector: string, rgb: [number, number, number]): Promise<number> {
  return page.$eval(
    selector,
    (canvas, colour) => {
      const context = (canvas as HTMLCanvasElement).getContext('2d')!;
      const { data } = context.getImageData(0, 0, (canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 200 && Math.abs(data[i]! - colour[0]) < 30 && Math.abs(data[i + 1]! - colour[1]) < 30 && Math.abs(data[i + 2]! - colour[2]) < 30) count++;
      }
      return count;
    },
    rgb,
  );
}

/** No sideways scroll: the document is no wider than the viewport. */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}
