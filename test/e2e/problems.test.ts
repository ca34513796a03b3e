import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { startHarness, type Harness } from "../support/harness.js";
import { Scene, group, user } from "../support/updates.js";
import { ask, askConfirmingNewPeople } from "../support/conversation.js";

const admin = user(1001, "duchashi", "督查室");
const zhang = user(2001, "zhangwei", "张伟");
const beiyuan = group(-1001001, "北园大街指挥部");
const leaders = group(-1009000, "区领导督办群");

// Thursday 2 July 2026, 10:00 in Beijing; BY-01 runs 2026-01-01 → 2026-12-31 (about 50% planned today).
const NOW = new Date("2026-07-02T02:00:00Z");
const DAY = 86_400_000;

describe("a problem from report to 督办单 to 销号, through the fake Bot API", () => {
  let db: TestDatabase;
  let h: Harness;
  // Messages are sent at the harness clock's time, so a problem ages as the clock moves.
  let scene: Scene;

  beforeAll(async () => {
    db = await createTestDatabase("e2e_problems");
    h = await startHarness({ databaseUrl: db.url, adminIds: [admin.id], now: NOW });
    scene = new Scene(h.telegram, () => h.clock.now());
  });
  afterAll(async () => {
    if (process.env.SHOW_CHAT) console.log(h.telegram.sent.map((m) => `[${m.chatId}→${m.replyTo}] ${m.text}`).join("\n---\n"));
    await h?.stop();
    await db?.drop();
  });

  const say = (from: typeof admin, text: string, options = {}) => ask(h.telegram, scene, beiyuan, from, text, options);
  const inGroup = (pattern: RegExp, after: number) =>
    h.telegram.sent.filter((m) => m.chatId === beiyuan.id && m.at >= after && m.replyTo === null && pattern.test(m.text));
  const escalate = async () => {
    const before = h.telegram.sent.length;
    const { answer } = await say(admin, "/escalate");
    return { answer, sent: () => h.telegram.sent.slice(before) };
  };

  it("sets up a unit, its head and a task", async () => {
    await say(admin, "/bind 北园大街指挥部");
    await ask(h.telegram, scene, leaders, admin, "/leaders");
    // zhangwei is new to the bot: the admin confirms the new officer.
    await askConfirmingNewPeople(h.telegram, scene, beiyuan, admin, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31");
    expect((await say(zhang, "/head @zhangwei 北园大街指挥部")).answer).toContain("只有管理员");
    expect((await say(admin, "/head @lihead 不存在的单位")).answer).toContain("没有名为");
    expect((await say(admin, "/head @lihead 北园大街指挥部")).answer).toContain("@lihead");
  });

  it("opens one problem for a blocker reported twice, and lists it with its age", async () => {
    await say(zhang, "BY-01 进度50%，问题：资金未到位");
    await say(zhang, "BY-01 进度50.5%，问题：拆迁补偿资金还没拨付");
    const problems = await h.app.database.prisma.problem.findMany({ include: { wordings: true } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.wordings.map((w) => w.text)).toEqual(["资金未到位", "拆迁补偿资金还没拨付"]);
    const { answer } = await say(zhang, "/problems");
    expect(answer).toMatch(/北园大街指挥部未销号问题 1 个/);
    expect(answer).toMatch(/BY-01.*【资金】资金未到位；拆迁补偿资金还没拨付\u3000已开 0 天/);
  });

  it("sends nothing the first days; after 8 days a blue 督办单 goes to the group, once", async () => {
    const first = await escalate();
    expect(first.sent().filter((m) => m.text.includes("色督办单"))).toHaveLength(0);

    h.clock.set(new Date(NOW.getTime() + 8 * DAY));
    await say(zhang, "BY-01 进度53%");
    const since = Date.now();
    const { answer } = await escalate();
    expect(answer).toMatch(/完成|已/);
    await h.telegram.waitForSent(() => inGroup(/蓝色督办单/, since).length > 0);
    const [order] = inGroup(/蓝色督办单/, since);
    expect(order!.text).toMatch(/督办〔2026〕第1号/);
    expect(order!.text).toContain("@zhangwei");
    expect(order!.text).toMatch(/资金问题已 8 天未销号/);
    expect(order!.text).toMatch(/7月15日（周三）前/);

    const again = await escalate();
    await new Promise((r) => setTimeout(r, 100));
    expect(again.sent().filter((m) => m.text.includes("色督办单"))).toHaveLength(0);
  });

  it("closes the problem when the officer answers the order with 资金问题已解决, then announces 办结 once", async () => {
    const order = h.telegram.sent.find((m) => m.text.includes("蓝色督办单"))!;
    const { answer } = await say(zhang, "资金问题已解决", { replyTo: { message_id: order.messageId } });
    expect(answer).toBe("✅ BY-01 资金问题已销号（开了 8 天）");
    const report = await h.app.database.prisma.progressReport.findFirst({ orderBy: { id: "desc" } });
    expect(report!.text).toBe("资金问题已解决");
    expect(report!.percent).toBeNull();

    const since = Date.now();
    await escalate();
    await h.telegram.waitForSent(() => inGroup(/已办结/, since).length > 0);
    expect(inGroup(/已办结/, since)[0]!.text).toMatch(/督办〔2026〕第1号已办结/);
    await escalate();
    await new Promise((r) => setTimeout(r, 100));
    expect(inGroup(/已办结/, 0)).toHaveLength(1);
  });

  it("lets an admin close a problem by command, and only an admin", async () => {
    await say(zhang, "BY-01 进度54%，问题：用地指标未落实");
    expect((await say(zhang, "/close BY-01 用地")).answer).toContain("只有管理员");
    expect((await say(admin, "/close BY-01")).answer).toContain("用法");
    expect((await say(admin, "/close BY-01 天气")).answer).toContain("不是问题类别");
    expect((await say(admin, "/close BY-09 用地")).answer).toContain("没有编号为 BY-09");
    expect((await say(admin, "/close BY-01 资金")).answer).toBe("BY-01 没有未销号的资金问题。");
    expect((await say(admin, "/close BY-01 用地 区自然资源局已调剂")).answer).toBe("已销号：\n✅ BY-01 用地问题已销号（开了 0 天）");
    const land = await h.app.database.prisma.problem.findFirstOrThrow({ where: { category: "land" } });
    expect(land).toMatchObject({ closedRole: "admin", closeNote: "区自然资源局已调剂", openCategory: null });
    expect((await say(zhang, "/problems")).answer).toBe("北园大街指挥部没有未销号的问题。");
  });

  it("opens the category again as a new problem when it is reported again", async () => {
    await say(zhang, "BY-01 进度55%，问题：资金又没到位");
    const funding = await h.app.database.prisma.problem.findMany({ where: { category: "funding" }, orderBy: { id: "asc" } });
    expect(funding).toHaveLength(2);
    expect(funding[1]!.previousId).toBe(funding[0]!.id);
    const { answer } = await ask(h.telegram, scene, leaders, admin, "/problems");
    expect(answer).toMatch(/全区未销号问题 1 个/);
    expect(answer).toContain("（北园大街指挥部）");
  });

  it("reads 资金问题已解决 from the owner of one task without a code or a reply, but not a bare 问题已解决", async () => {
    const before = h.telegram.sent.length;
    scene.say(beiyuan, zhang, "好的，问题已解决");
    expect((await say(zhang, "资金问题已解决")).answer).toBe("✅ BY-01 资金问题已销号（开了 0 天）");
    expect(h.telegram.sent.slice(before).filter((m) => m.text.includes("没有未销号"))).toHaveLength(0);
    expect(await h.app.database.prisma.problem.count({ where: { closedAt: null } })).toBe(0);
  });
});
