import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MessageText } from '../components/MessageText';

describe('message text', () => {
  it('keeps each YYYY-MM-DD on one line, as a <time>, and the rest as it was', () => {
    const { container } = render(<MessageText text="Added “pay rent”, due 2026-12-01; moved 2026-11-30 too." />);
    const times = [...container.querySelectorAll('time.nowrap')].map((t) => t.getAttribute('datetime'));
    expect(times).toEqual(['2026-12-01', '2026-11-30']);
    expect(container.textContent).toBe('Added “pay rent”, due 2026-12-01; moved 2026-11-30 too.');
  });

  it('leaves a message without dates untouched', () => {
    const { container } = render(<MessageText text="hello there" />);
    expect(container.innerHTML).toBe('hello there');
  });
});
