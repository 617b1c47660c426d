/**
 * Normalised word <-> integer id. Ids below `lexiconSize` come from the compiled
 * artifact (the automaton's alphabet); words added at load time (context-rule
 * words) get ids above it, so one tokenization feeds every automaton.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  /** Number of words that came from the artifact. */
  readonly lexiconSize: number;

  constructor(words: Iterable<string>) {
    for (const w of words) this.add(w);
    this.lexiconSize = this.words.length;
  }

  get size(): number {
    return this.words.length;
  }

  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  wordOf(id: number): string | undefined {
    return this.words[id];
  }

  /** Returns the word's id, adding it when new. */
  add(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    return id;
  }
}
