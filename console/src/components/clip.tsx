/**
 * Text in a flexible table column, cut with an ellipsis. Its width does not count when the row's grid sizes its
 * columns (width 0, at least the cell's width), so every row of a DataTable gets the same column widths however
 * long its texts are.
 */
import type { ReactNode } from 'react';

export function Clip({ children, title }: { children: ReactNode; title?: string }) {
  return <span className="clip" title={title}>{children}</span>;
}
