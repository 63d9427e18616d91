/**
 * Plain stand-ins for the `vscode` notebook data classes, which exist only
 * inside the editor: each holds what it is given, as VS Code's do. Tests
 * mock `vscode` with them (`vi.mock('vscode', () => import(...))`), and
 * `npm run fuzz` bundles them in its place.
 */
export class NotebookData {
  metadata?: Record<string, unknown>;
  constructor(public cells: NotebookCellData[]) {}
}

export class NotebookCellData {
  metadata?: Record<string, unknown>;
  outputs?: NotebookCellOutput[];
  constructor(
    public kind: number,
    public value: string,
    public languageId: string,
  ) {}
}

export class NotebookCellOutput {
  constructor(
    public items: NotebookCellOutputItem[],
    public metadata?: Record<string, unknown>,
  ) {}
}

export class NotebookCellOutputItem {
  constructor(
    public data: Uint8Array,
    public mime: string,
  ) {}
}

export const NotebookCellKind = { Markup: 1, Code: 2 } as const;
