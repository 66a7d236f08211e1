/**
 * Deterministic filler prose for generated chapters: seeded, so every run
 * and every machine benchmarks the same text.
 */

const WORDS = `the of and to a in that it was he for on are as with his they at be this from have or by one had not but what all
were when we there can an your which their said if do will each about how up out them then she many some so these would other into
has more her two like him see time could no make than first been its who now people my made over did down only way find use may water
long little very after words called just where most know get through back much before go good new write our used me man too any day
same right look think also around another came come work three word must because does part even place well such here take why things
help put years different away again off went old number great tell men say small every found still between name should home big give
air line set own under read last never us left end along while might next sound below saw something thought both few those always
looked show large often together asked house world going want school important until form food keep children feet land side without
boy once animals life enough took sometimes four head above kind began almost live page got earth need far hand high year mother light
parts country father let night following picture being study second eyes soon times story boys since white days ever paper hard near
sentence better best across during today others however sure means knew whether early harbour lantern orchard ledger quill meadow
cobblestone chapel thimble velvet compass ferryman marigold bramble tinker saltmarsh weathervane almanac`.split(/\s+/)

/** mulberry32: small, fast, good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A paragraph of exactly `words` words, in sentences of 6 to 20 words. */
export function paragraph(random: () => number, words: number): string {
  const out: string[] = []
  let sentenceLeft = 0
  for (let i = 0; i < words; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)]!
    if (sentenceLeft === 0) {
      word = word[0]!.toUpperCase() + word.slice(1)
      sentenceLeft = 6 + Math.floor(random() * 15)
    }
    sentenceLeft--
    if (sentenceLeft === 0 || i === words - 1) word += random() < 0.1 ? '?' : '.'
    else if (random() < 0.08) word += ','
    out.push(word)
  }
  return out.join(' ')
}

/** Paragraphs totalling `words` words, each about `perParagraph` long (±50%). */
export function paragraphsOf(seed: number, words: number, perParagraph: number): string[] {
  const random = seededRandom(seed)
  const paragraphs: string[] = []
  let left = words
  while (left > 0) {
    const size = Math.min(left, Math.max(1, Math.round(perParagraph * (0.5 + random()))))
    paragraphs.push(paragraph(random, size))
    left -= size
  }
  return paragraphs
}

/** Exactly `count` paragraphs of about `perParagraph` words. */
export function paragraphsCount(seed: number, count: number, perParagraph: number): string[] {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => paragraph(random, Math.max(1, Math.round(perParagraph * (0.5 + random())))))
}
