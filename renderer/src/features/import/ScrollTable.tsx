/**
 * A table that takes the height left on the import screen and scrolls
 * inside it with its header kept in view, so the buttons above never leave
 * a 1366x768 window.
 */
import { useCallback, useState } from 'react';
import { Table, type TableProps } from 'antd';

export function ScrollTable<T extends object>({ testId, ...props }: TableProps<T> & { testId: string }) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => setBox(el), []);
  return (
    <div ref={ref} className="ld-import-scroll" data-testid={testId}>
      <Table<T>
        size="small"
        pagination={false}
        {...props}
        sticky={box ? { getContainer: () => box } : false}
      />
    </div>
  );
}
