// @vitest-environment happy-dom
import { screen } from '@testing-library/preact';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { Guard } from './guard.js';

// Rendered with the widget's own Preact; see feedback-dialog.test.tsx.
const container = document.body.appendChild(document.createElement('div'));

afterEach(() => act(() => render(null, container)));

function Broken(props: { when: 'render' | 'effect' }) {
  if (props.when === 'render') throw new Error('cannot draw');

  useEffect(() => {
    throw new Error('cannot draw later');
  }, []);
  return <p>drawn</p>;
}

describe('Guard', () => {
  it('shows its children while they work', () => {
    act(() => render(<Guard onError={vi.fn()}><p>fine</p></Guard>, container));

    expect(screen.getByText('fine')).toBeTruthy();
  });

  it.each(['render', 'effect'] as const)(
    'hands over what a child throws in its %s, and keeps it from the page',
    (when) => {
      const onError = vi.fn();
      const pageErrors = vi.fn();
      window.addEventListener('error', pageErrors);

      act(() => render(<Guard onError={onError}><Broken when={when} /></Guard>, container));

      window.removeEventListener('error', pageErrors);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(String(onError.mock.calls[0]![0])).toMatch(/cannot draw/);
      expect(screen.queryByText('drawn')).toBeNull();
      expect(pageErrors).not.toHaveBeenCalled();
    },
  );
});
