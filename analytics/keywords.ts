// Keyword counts for free text in Chinese and English: words from Intl.Segmenter (ICU's dictionary segmenter for
// Chinese, word boundaries for English), less punctuation, numbers and common function words. No I/O.

const zhStopwords = new Set(
  "的 了 是 在 我 我们 你 他 她 它 他们 和 与 及 也 有 就 不 都 很 还 又 要 会 能 对 把 被 让 给 这 那 这个 那个 这些 那些 一个 一些 没有 什么 怎么 因为 所以 但是 而且 或者 如果 希望 建议 可以 进一步 一下 一点 问题 方面 工作 情况 进行 比较 非常 现在 目前 已经 自己 还是 就是 我们的 以及 等 啊 吧 呢 吗 哦".split(
    " ",
  ),
);
const enStopwords = new Set(
  "the a an and or but of to in on at for with by from as is are was were be been being it its this that these those there here we our you your they their he she his her i me my not no so if then than too very can could should would will just more most some any all also into about over up down out only".split(
    " ",
  ),
);

const segmenters = {
  zh: new Intl.Segmenter("zh-CN", { granularity: "word" }),
};

/** The words of one text that count as keywords, lower-cased for English. */
export function keywordsOf(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenters.zh.segment(text.normalize("NFKC"))) {
    if (!part.isWordLike) continue;
    const word = part.segment.toLowerCase();
    if (/^\d+$/.test(word)) continue;
    const chinese = /\p{Script=Han}/u.test(word);
    if (chinese ? word.length < 2 || zhStopwords.has(word) : word.length < 3 || enStopwords.has(word))
      continue;
    out.push(word);
  }
  return out;
}

/** The `limit` most frequent keywords over `texts`, counting each word once per text (ties: alphabetical). */
export function keywordCounts(texts: readonly string[], limit = 20): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of new Set(keywordsOf(text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, limit);
}
