import {
  autocompletion,
  type Completion,
  type CompletionSource,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  MySQL,
  PostgreSQL,
  type SQLDialect,
  SQLite,
  type SQLNamespace,
  StandardSQL,
  sql,
} from '@codemirror/lang-sql';
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  syntaxHighlighting,
  syntaxTree,
} from '@codemirror/language';
import {
  Compartment,
  EditorState,
  type Extension,
  Prec,
  StateEffect,
  StateField,
} from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { SchemaInfo } from './schema';

/**
 * The CodeMirror 6 editor of the SQL page: the source's dialect, completion of its tables and
 * columns, Mod-Enter to run, and the line an engine error names marked (with the error
 * message as the editor's description, so a screen reader hears it too). Tab is left to move
 * focus on: the editor is one stop in a page of controls.
 */

export interface CodeEditorOptions {
  parent: HTMLElement;
  doc: string;
  /** The editor's accessible name. */
  label: string;
  /** Ids of the elements describing it (the keyboard hint). */
  describedBy: string;
  /** Id of the element holding the current error, described by while a line is marked. */
  errorId: string;
  onChange: (doc: string) => void;
  onRun: () => void;
}

export interface CodeEditor {
  getDoc(): string;
  setDoc(doc: string): void;
  setLanguage(engine: string, schema: SchemaInfo | null): void;
  /** Marks a line (1-based) as the error's, or clears the mark. */
  markError(line: number | null): void;
  /** Replaces the selection with `text` and puts focus back in the editor. */
  insert(text: string): void;
  focus(): void;
  destroy(): void;
}

const dialects: Record<string, SQLDialect> = {
  postgres: PostgreSQL,
  mysql: MySQL,
  sqlite: SQLite,
  // DuckDB's grammar follows PostgreSQL's closely (double-quoted identifiers, ::casts).
  duckdb: PostgreSQL,
};

const setError = StateEffect.define<number | null>();
const errorLine = Decoration.line({ class: 'cm-sql-error-line' });

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setError)) continue;
      const line = effect.value;
      if (line === null || line < 1 || line > tr.state.doc.lines) next = Decoration.none;
      else next = Decoration.set([errorLine.range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Colours come from CSS custom properties (SqlEditorView.astro) so dark mode keeps contrast.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.operatorKeyword, tags.modifier], color: 'var(--sql-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--sql-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--sql-number)' },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: 'var(--sql-comment)',
    fontStyle: 'italic',
  },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--sql-type)' },
  { tag: [tags.special(tags.name), tags.variableName], color: 'var(--color-text)' },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--color-text)',
    backgroundColor: 'var(--color-bg)',
    fontSize: '0.9375rem',
  },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--color-text)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', minHeight: '12rem', maxHeight: '28rem' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--color-surface)',
    color: 'var(--color-text-muted)',
    borderRight: '1px solid var(--color-border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--sql-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--sql-active-line)', color: 'var(--color-text)' },
  '&.cm-focused': { outline: 'none' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--sql-selection) !important',
  },
  '.cm-matchingBracket': {
    outline: '1px solid var(--color-text-muted)',
    backgroundColor: 'transparent',
  },
  '.cm-sql-error-line': {
    backgroundColor: 'var(--sql-error-line)',
    boxShadow: 'inset 4px 0 0 var(--color-error)',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--color-bg)',
    color: 'var(--color-text)',
    border: '1px solid var(--color-border)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--color-accent)',
    color: 'var(--color-accent-text)',
  },
  '.cm-completionDetail': { opacity: '1', fontStyle: 'normal', marginLeft: '0.75em' },
});

/** The completion tree: `schema.table.column`, and the default schema's tables at the top. */
function namespace(schema: SchemaInfo): SQLNamespace {
  const tree: Record<string, SQLNamespace> = {};
  for (const s of schema.schemas) {
    const tables: Record<string, SQLNamespace> = {};
    for (const table of s.tables) {
      tables[table.name] = {
        self: { label: table.name, type: 'type', detail: table.kind },
        children: table.columns.map((c) => ({ label: c.name, type: 'property', detail: c.type })),
      };
    }
    tree[s.name] = tables;
  }
  return tree;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Bare column names (`SELECT temp_max FROM seattle_weather`): the columns of the tables the
 * query names. lang-sql itself completes `table.column` and table names.
 */
function columnsInQuery(schema: SchemaInfo): CompletionSource {
  return (context) => {
    const word = context.matchBefore(/\w+/);
    if (!word && !context.explicit) return null;
    const from = word?.from ?? context.pos;
    if (context.state.sliceDoc(from - 1, from) === '.') return null;
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (/String|Comment/.test(node.name)) return null;
    const text = context.state.doc.toString().toLowerCase();
    const options: Completion[] = [];
    for (const s of schema.schemas) {
      for (const table of s.tables) {
        if (!new RegExp(`(^|[^\\w])${escapeRegExp(table.name.toLowerCase())}($|[^\\w])`).test(text))
          continue;
        for (const c of table.columns)
          options.push({
            label: c.name,
            type: 'property',
            detail: `${table.name} · ${c.type.toLowerCase()}`,
            boost: 1,
          });
      }
    }
    return options.length > 0 ? { from, options, validFor: /^\w*$/ } : null;
  };
}

function language(engine: string, schema: SchemaInfo | null): Extension {
  const dialect = dialects[engine] ?? StandardSQL;
  const defaultSchema = schema?.schemas[0]?.name;
  return [
    sql({
      dialect,
      upperCaseKeywords: true,
      ...(schema ? { schema: namespace(schema) } : {}),
      ...(defaultSchema ? { defaultSchema } : {}),
    }),
    schema ? dialect.language.data.of({ autocomplete: columnsInQuery(schema) }) : [],
  ];
}

export function createCodeEditor(options: CodeEditorOptions): CodeEditor {
  const lang = new Compartment();
  const attributes = EditorView.contentAttributes.compute([errorField], (state) => {
    const marked = state.field(errorField).size > 0;
    return {
      'aria-label': options.label,
      'aria-describedby': marked
        ? `${options.errorId} ${options.describedBy}`
        : options.describedBy,
      ...(marked ? { 'aria-invalid': 'true' } : {}),
    };
  });
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ icons: false }),
        highlightActiveLine(),
        syntaxHighlighting(highlight),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...completionKeymap,
        ]),
        lang.of(language('', null)),
        errorField,
        attributes,
        theme,
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(doc) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: doc },
        effects: setError.of(null),
      });
    },
    setLanguage(engine, schema) {
      view.dispatch({ effects: lang.reconfigure(language(engine, schema)) });
    },
    markError(line) {
      const effects: StateEffect<unknown>[] = [setError.of(line)];
      if (line !== null && line >= 1 && line <= view.state.doc.lines) {
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'center' }));
      }
      view.dispatch({ effects });
    },
    insert(text) {
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
