/**
 * Stop words: function words that say nothing about what a customer needs, left out of keywords.
 * English: the usual closed-class words (articles, pronouns, auxiliaries, prepositions,
 * conjunctions, common adverbs). Chinese: particles, pronouns, conjunctions, prepositions, degree
 * adverbs and fillers as jieba segments them (single characters are dropped anyway, see
 * `tokenize.ts`, so the list holds mostly words of two or more characters).
 */

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are aren as at be because been before
  being below between both but by can cannot could couldn did didn do does doesn doing don down during
  each even ever every few for from further get got had hadn has hasn have haven having he her here
  hers herself him himself his how however i if in into is isn it its itself just let like made make
  many me more most much must my myself never no nor not now of off on once one only or other ought
  our ours ourselves out over own per please quite rather really same shall she should shouldn since
  so some still such than that the their theirs them themselves then there these they this those
  though through to too under until up upon us very via was wasn we were weren what when where which
  while who whom why will with within without won would wouldn yet you your yours yourself yourselves
  ll ve re im ive dont didnt doesnt cant wont isnt wasnt two three four five six seven eight nine ten`
    .split(/\s+/)
    .filter(Boolean),
);

export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  `的 了 和 是 就 都 而 及 与 着 或 在 有 被 把 让 给 对 从 到 为 也 还 又 很 太 更 最 都 不 没 吗 呢 吧 啊 呀 哦 嗯 么
  一个 一些 一下 一直 一样 一点 一般般 一起 一次 一定 一共
  我 你 他 她 它 我们 你们 他们 她们 它们 自己 大家 人家 咱们
  这 那 这个 那个 这些 那些 这里 那里 这样 那样 这么 那么 这种 那种 这次 那次 此 其 其中 其他 其它 另外
  什么 怎么 怎样 怎么样 为什么 哪里 哪个 哪些 多少 如何
  因为 所以 但是 但 可是 而且 并且 如果 要是 虽然 然而 然后 于是 因此 而是 还是 或者 以及 不过 只是 就是 就算 即使 即便 既然 否则 以后 以前 之后 之前 之间 当时 时候
  已经 曾经 正在 马上 刚刚 刚才 总是 经常 常常 往往 一向 始终 终于 还要 也是 都是 就要 才 再 再次 仍然 依然
  非常 特别 十分 相当 比较 有点 有些 稍微 更加 极其 实在 真的 真是 确实 其实 简直 根本 完全 几乎 基本 主要
  可以 可能 应该 需要 能够 不能 不会 没有 不是 就是 还有 只有 只能 不用 不要 得到 感觉 觉得 认为 知道 希望 表示 进行
  一 二 三 个 次 件 些 点 里 中 上 下 前 后 之 以 于 将 由 等 等等 之类 方面 情况 问题 东西`
    .split(/\s+/)
    .filter(Boolean),
);
