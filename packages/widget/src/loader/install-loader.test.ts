import { describe, expect, it, vi } from 'vitest';

import type { HypercareGlobal, HypercareWindow } from '../embed.js';
import { installLoader, type EmbedModule } from './install-loader.js';

const SCRIPT = {
  src: 'https://cdn.example.com/hypercare/1.0.0/hypercare.js',
  dataset: { relay: 'https://relay.example.com', lang: 'en-GB' },
};

function fakeEmbed() {
  const embed: EmbedModule = { boot: vi.fn() };
  const importModule = vi.fn(async (_url: string) => embed);
  return { embed, importModule };
}

describe('installLoader', () => {
  it('loads the embed entry from beside the script and hands it the attributes', async () => {
    const win: HypercareWindow = {};
    const { embed, importModule } = fakeEmbed();

    await installLoader(win, SCRIPT, importModule);

    expect(importModule).toHaveBeenCalledWith('https://cdn.example.com/hypercare/1.0.0/esm/embed.js');
    expect(embed.boot).toHaveBeenCalledWith(win, SCRIPT.dataset);
  });

  it('creates a queue stub that records calls made while the code loads', async () => {
    const win: HypercareWindow = {};
    const { importModule } = fakeEmbed();

    const loading = installLoader(win, SCRIPT, importModule);
    win.Hypercare!('init', { relay: 'https://relay.example.com' });
    win.Hypercare!('open');
    await loading;

    expect(Array.from(win.Hypercare!.q!, (args) => Array.from(args))).toEqual([
      ['init', { relay: 'https://relay.example.com' }],
      ['open'],
    ]);
  });

  it("keeps the install snippet's stub and its queue", async () => {
    const stub: HypercareGlobal = function (...args: unknown[]) {
      (stub.q ??= []).push(args);
    };
    stub('init', { relay: 'https://relay.example.com' });
    const win: HypercareWindow = { Hypercare: stub };

    await installLoader(win, SCRIPT, fakeEmbed().importModule);

    expect(win.Hypercare).toBe(stub);
    expect(stub.q).toHaveLength(1);
  });

  it('does nothing more without a current script to load from', async () => {
    const win: HypercareWindow = {};
    const { importModule } = fakeEmbed();

    await installLoader(win, null, importModule);

    expect(importModule).not.toHaveBeenCalled();
    expect(typeof win.Hypercare).toBe('function');
  });

  it('swallows a failed download and reports it only when asked to', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failing = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));

    await expect(installLoader({}, SCRIPT, failing)).resolves.toBeUndefined();
    expect(error).not.toHaveBeenCalled();

    await installLoader({}, { ...SCRIPT, dataset: { debug: '' } }, failing);
    expect(error).toHaveBeenCalledWith(
      '[hypercare] Failed to load Hypercare: Failed to fetch dynamically imported module',
      expect.any(TypeError),
    );
    error.mockRestore();
  });
});
