/**
 * Starts the slow suites (engine applies, rehearsals, packaging) first, so that the workers finish
 * together. Jest orders suites by their last durations when its cache has them; a fresh clone (CI)
 * has none, and Jest's fallback, file size, would start those suites last and leave one worker
 * idle at the end. Within each group Jest's own order stands.
 */
const Sequencer = require('@jest/test-sequencer').default;

const SLOW = /[\\/]test[\\/](engine|rehearse|package)[\\/]/;

class SlowSuitesFirst extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    return [...ordered.filter((t) => SLOW.test(t.path)), ...ordered.filter((t) => !SLOW.test(t.path))];
  }
}

module.exports = SlowSuitesFirst;
