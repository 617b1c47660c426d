/**
 * Scope semantics on a small rule file written for the test (independent of the
 * shipped rules): directions, windows, terminators, clipping by same-category
 * modifiers, pseudo-triggers, sentence ends, and targets that overlap a trigger.
 */
import { describe, expect, it } from 'vitest';
import { flags, harness, NONE, ruleFile } from './helpers.js';
import { icdErrorOf } from '../helpers/errors.js';

const RULES = ruleFile([
  { id: 'neg.no', phrase: 'no', category: 'NEGATED', direction: 'forward', source: 'test' },
  { id: 'neg.without', phrase: 'without', category: 'NEGATED', direction: 'forward', source: 'test' },
  { id: 'neg.nix', phrase: 'nix', category: 'NEGATED', direction: 'forward', window: 2, source: 'test' },
  { id: 'neg.sans', phrase: 'sans', category: 'NEGATED', direction: 'forward', window: 1, wholeTarget: true, source: 'test' },
  { id: 'neg.absent', phrase: 'absent', category: 'NEGATED', direction: 'backward', source: 'test' },
  { id: 'neg.gone', phrase: 'gone', category: 'NEGATED', direction: 'backward', window: 1, source: 'test' },
  { id: 'unc.versus', phrase: 'versus', category: 'UNCERTAIN', direction: 'bidirectional', window: 2, source: 'test' },
  { id: 'hyp.if', phrase: 'if', category: 'HYPOTHETICAL', direction: 'forward', source: 'test' },
  { id: 'hist.history', phrase: 'history of', category: 'HISTORICAL', direction: 'forward', source: 'test' },
  { id: 'fam.mother', phrase: 'mother', category: 'FAMILY', direction: 'bidirectional', window: 3, source: 'test' },
  { id: 'pseudo.no_change', phrase: 'no (change|increase)', category: 'PSEUDO', direction: 'pseudo', source: 'test' },
  { id: 'term.but', phrase: '(but|however)', category: 'TERMINATE', direction: 'terminate', source: 'test' },
  { id: 'term.now', phrase: 'now', category: 'TERMINATE', direction: 'terminate', terminates: ['HISTORICAL'], source: 'test' },
]);

const h = harness(RULES, null);

describe('directions', () => {
  it('forward reaches targets after the trigger, not before', () => {
    expect(h.at('No fever or cough.', 'cough').assertions).toEqual(flags('negated'));
    expect(h.at('Cough and no fever.', 'Cough').assertions).toEqual(NONE);
  });

  it('backward reaches targets before the trigger, not after', () => {
    expect(h.at('Pulses absent in both feet.', 'Pulses').assertions).toEqual(flags('negated'));
    expect(h.at('Pulses absent in both feet.', 'feet').assertions).toEqual(NONE);
  });

  it('bidirectional reaches both sides', () => {
    expect(h.at('Abscess versus cellulitis.', 'Abscess').assertions).toEqual(flags('uncertain'));
    expect(h.at('Abscess versus cellulitis.', 'cellulitis').assertions).toEqual(flags('uncertain'));
    expect(h.at('Mother with asthma.', 'asthma').assertions).toEqual(flags('family'));
    expect(h.at('Asthma in mother.', 'Asthma').assertions).toEqual(flags('family'));
  });

  it('HYPOTHETICAL and HISTORICAL forward, with negative cases', () => {
    expect(h.at('Call if chest pain.', 'chest pain').assertions).toEqual(flags('hypothetical'));
    expect(h.at('Chest pain resolved if anything.', 'Chest pain').assertions).toEqual(NONE);
    expect(h.at('History of gout.', 'gout').assertions).toEqual(flags('historical'));
    expect(h.at('Gout, history of.', 'Gout').assertions).toEqual(NONE);
  });
});

describe('windows', () => {
  it('a forward window counts tokens after the trigger (stopwords are not tokens)', () => {
    expect(h.at('Nix fever today.', 'fever').assertions).toEqual(flags('negated'));
    expect(h.at('Nix the fever today.', 'fever').assertions).toEqual(flags('negated'));
    expect(h.at('Nix fever today cough.', 'cough').assertions).toEqual(NONE);
  });

  it('a backward window counts tokens before the trigger', () => {
    expect(h.at('Old rash gone.', 'rash').assertions).toEqual(flags('negated'));
    expect(h.at('Old rash gone.', 'Old').assertions).toEqual(NONE);
  });

  it('a bidirectional window applies on each side', () => {
    expect(h.at('Gout or abscess versus cellulitis or sprain.', 'abscess').assertions).toEqual(flags('uncertain'));
    expect(h.at('Gout or abscess versus cellulitis or sprain.', 'Gout').assertions).toEqual(NONE);
    expect(h.at('Gout or abscess versus cellulitis or sprain.', 'sprain').assertions).toEqual(NONE);
  });

  it('without a window the scope is the sentence', () => {
    const text = 'No fever, chills, sweats, nausea, vomiting, diarrhea, rash or headache.';
    expect(h.at(text, 'headache').assertions).toEqual(flags('negated'));
  });
});

describe('clipping', () => {
  it('a terminator ends forward and backward scopes', () => {
    expect(h.at('No fever but cough.', 'cough').assertions).toEqual(NONE);
    expect(h.at('No fever but cough.', 'fever').assertions).toEqual(flags('negated'));
    expect(h.at('Rash, however pulses absent.', 'Rash').assertions).toEqual(NONE);
    expect(h.at('Rash, however pulses absent.', 'pulses').assertions).toEqual(flags('negated'));
  });

  it('a category-specific terminator clips only its categories', () => {
    expect(h.at('History of asthma, now wheezing.', 'wheezing').assertions).toEqual(NONE);
    expect(h.at('No asthma, now wheezing.', 'wheezing').assertions).toEqual(flags('negated'));
  });

  it('the next modifier of the same category takes over the scope', () => {
    const r = h.at('No fever without cough.', 'cough');
    expect(r.assertions).toEqual(flags('negated'));
    expect(r.rules).toEqual(['neg.without']);
    expect(h.at('No fever without cough.', 'fever').rules).toEqual(['neg.no']);
  });

  it('modifiers of other categories do not clip each other', () => {
    const r = h.at('No history of asthma.', 'asthma');
    expect(r.assertions).toEqual(flags('negated', 'historical'));
    expect(r.rules).toEqual(['neg.no', 'hist.history']);
  });
});

describe('pseudo-triggers', () => {
  it('hide the trigger they contain', () => {
    expect(h.at('No change in the effusion.', 'effusion').assertions).toEqual(NONE);
    expect(h.at('No increase in the effusion.', 'effusion').assertions).toEqual(NONE);
  });

  it('hide nothing else: a later trigger in the sentence still applies', () => {
    expect(h.at('No change in the effusion and no pneumothorax.', 'pneumothorax').assertions).toEqual(flags('negated'));
  });
});

describe('wholeTarget', () => {
  it('applies to a target inside the scope, not to one that runs past it', () => {
    expect(h.at('Sans fever today.', 'fever').assertions).toEqual(flags('negated'));
    expect(h.at('Sans fever today.', 'fever today').assertions).toEqual(NONE);
    expect(h.at('Sans fever today.', 'today').assertions).toEqual(NONE);
  });

  it('does not end the scope of an earlier modifier of its category', () => {
    expect(h.at('No fever, sans pain or cough.', 'cough').assertions).toEqual(flags('negated'));
    expect(h.at('No fever, without pain or cough.', 'cough').assertions).toEqual(flags('negated'));
    expect(h.at('No fever, without pain or cough.', 'cough').rules).toEqual(['neg.without']);
  });

  it('a rule without it applies to any overlapping target', () => {
    expect(h.at('Nix fever today cough.', 'today cough').assertions).toEqual(flags('negated'));
  });
});

describe('sentence ends', () => {
  it('a period ends a forward scope', () => {
    expect(h.at('No fever. Cough for two days.', 'Cough').assertions).toEqual(NONE);
  });

  it('a line break ends a scope; a wrapped lower-case line does not', () => {
    expect(h.at('No fever\nCough for two days', 'Cough').assertions).toEqual(NONE);
    expect(h.at('No fever or\ncough for two days', 'cough').assertions).toEqual(flags('negated'));
  });

  it('a lower-case list, one item a line, is one sentence per line', () => {
    // The longest line (34 characters) sets the width: no short line here can be a wrap.
    const list = 'no consent to the study\nknown allergy to latex\nchronic kidney disease on dialysis\nactive hepatitis;\nmyocarditis in the last year';
    expect(h.at(list, 'allergy').assertions).toEqual(NONE);
    expect(h.at(list, 'myocarditis').assertions).toEqual(NONE);
    expect(h.at('items:\nno fever in the past week\nrash on the arms, the legs and the back\nheadache', 'rash').assertions).toEqual(NONE);
    // A longer line in another paragraph does not change how this one is read.
    expect(h.at('no fever in the past week\nrash on the arms\n\nA much longer line that is in another paragraph', 'rash').assertions).toEqual(flags('negated'));
  });

  it('hard-wrapped prose stays one sentence', () => {
    // Each line break falls where the next word would have overrun the longest line.
    const prose = 'He came in with two days of cough, and there is no\nfever today, nor any chills overnight\nor night sweats.';
    expect(h.at(prose, 'fever').assertions).toEqual(flags('negated'));
    const wrapped = 'Seen today for cough and sore throat. There is no fever\nchills or night sweats, and the chest is clear on exam.';
    expect(h.at(wrapped, 'chills').assertions).toEqual(flags('negated'));
    // A line ending in a comma, a colon or a word like "or" always continues.
    expect(h.at('no fever,\nchills and a very long tail of words that sets the width', 'chills').assertions).toEqual(flags('negated'));
  });

  it('abbreviations with periods do not end a sentence', () => {
    expect(h.at('No infection, e.g. cellulitis.', 'cellulitis').assertions).toEqual(flags('negated'));
    expect(h.at('No fever per Dr. Smith or chills.', 'chills').assertions).toEqual(flags('negated'));
    expect(h.at('No nausea on ondansetron b.i.d. or vomiting.', 'vomiting').assertions).toEqual(flags('negated'));
    expect(h.at('No rash vs. hives.', 'hives').assertions).toEqual(flags('negated'));
  });

  it('colons do not end a sentence ("Dx:" labels, "X: none" post-position)', () => {
    expect(h.at('Dx: no pneumonia', 'pneumonia').assertions).toEqual(flags('negated'));
    expect(h.at('Edema: absent', 'Edema').assertions).toEqual(flags('negated'));
  });

  it('numbered lists start a new sentence per item', () => {
    expect(h.at('1. No fever 2. Cough', 'Cough').assertions).toEqual(NONE);
    expect(h.at('1) No fever 2) Cough', 'Cough').assertions).toEqual(NONE);
  });

  it('? and ! end a sentence', () => {
    expect(h.at('No fever? Cough.', 'Cough').assertions).toEqual(NONE);
    expect(h.at('No fever! Cough.', 'Cough').assertions).toEqual(NONE);
  });
});

describe('targets', () => {
  it('a trigger inside or across the target does not modify it', () => {
    expect(h.at('No fever.', 'No fever').assertions).toEqual(NONE);
    expect(h.at('Mother with asthma.', 'Mother with asthma').assertions).toEqual(NONE);
  });

  it('results come back in target order, one per target', () => {
    const text = 'Cough. No fever. History of gout.';
    const t = h.tokenizer.tokenize(text);
    const spans = ['gout', 'Cough', 'fever'].map((w) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length }));
    const out = h.engine.assess(text, t, spans);
    expect(out.map((r) => r.assertions)).toEqual([flags('historical'), NONE, flags('negated')]);
  });

  it('an empty target or one over stopwords only is assessed at its position', () => {
    const text = 'No fever or the cough.';
    const t = h.tokenizer.tokenize(text);
    const at = text.indexOf('the');
    const [empty, stop] = h.engine.assess(text, t, [{ start: at, end: at }, { start: at, end: at + 3 }]);
    expect(empty?.assertions).toEqual(flags('negated'));
    expect(stop?.assertions).toEqual(flags('negated'));
  });

  it('empty text and no targets', () => {
    expect(h.engine.assess('', h.tokenizer.tokenize(''), [{ start: 0, end: 0 }])).toEqual([
      { assertions: NONE, rules: [], section: null, inHeader: false },
    ]);
    expect(h.engine.assess('No fever.', h.tokenizer.tokenize('No fever.'), [])).toEqual([]);
  });

  it('invalid target ranges are rejected with every problem and its path', () => {
    const text = 'No fever.';
    const e = icdErrorOf(() => h.engine.assess(text, h.tokenizer.tokenize(text), [
      { start: 0, end: 2 },
      { start: -1, end: 2 },
      { start: 5, end: 3 },
      { start: 0, end: 99 },
      { start: 0.5, end: Number.NaN },
    ]));
    expect(e.code).toBe('E_INPUT_INVALID');
    expect(e.issues.map((i) => i.path)).toEqual([
      'targets[1].start',
      'targets[2].end',
      'targets[3].end',
      'targets[4].start',
      'targets[4].end',
    ]);
  });
});

describe('vocabulary sharing', () => {
  it('reuses ids of words already in the vocabulary and appends the rest', () => {
    const words = ['fever', 'no', 'cough'];
    const s = harness(RULES, null, words);
    expect(s.vocab.lexiconSize).toBe(3);
    expect(s.vocab.idOf('no')).toBe(1);
    expect(s.vocab.size).toBeGreaterThan(3);
    expect(s.engine.alphabetSize).toBe(s.vocab.size);
    expect(s.at('No fever.', 'fever').assertions).toEqual(flags('negated'));
  });

  it('words added after compiling have ids beyond the alphabet and never match', () => {
    const s = harness(RULES, null);
    const late = s.vocab.add('zzlate');
    expect(late).toBeGreaterThanOrEqual(s.engine.alphabetSize);
    const text = 'Zzlate no zzlate fever.';
    const [r] = s.engine.assess(text, s.tokenizer.tokenize(text), [{ start: 17, end: 22 }]);
    expect(r?.assertions).toEqual(flags('negated'));
  });

  it('the engine is frozen', () => {
    expect(Object.isFrozen(h.engine)).toBe(true);
    expect(Object.isFrozen(h.engine.rules)).toBe(true);
  });
});
