import type { User } from "grammy/types";
import type { Harness } from "./harness.js";
import { group, privateChat, user } from "./updates.js";
import { ask, askConfirmingNewPeople } from "./conversation.js";

/** The people and groups of a small district: two units, their officers, the 督查室 and one leader. */
export const admin = user(1001, "duchashi", "督查室");
export const zhang = user(2001, "zhangwei", "张伟");
export const li = user(2002, "lina", "李娜");
export const leader = user(3001, "quzhang", "王区长");
export const beiyuan = group(-1006001, "北园大街指挥部");
export const xiaoqinghe = group(-1006002, "小清河指挥部");

/** Thursday 2026-07-02, 10:00 in Shanghai: half way through the tasks' year. */
export const TWO_UNITS_NOW = new Date("2026-07-02T02:00:00Z");

/**
 * Sets the district up through chat, as its admin and officers would: 北园 with BY-01 (must-deliver,
 * 10%, a funding problem: red) and BY-02 (40%), 小清河 with XQH-01 (52%), and 王区长 made a leader
 * (after writing to the bot once, so the board knows him).
 */
export async function setUpTwoUnits(h: Harness, leaderUser: User = leader): Promise<void> {
  const say = (chat: typeof beiyuan, from: User, text: string) => ask(h.telegram, h.scene, chat, from, text);
  const addTask = (chat: typeof beiyuan, text: string) => askConfirmingNewPeople(h.telegram, h.scene, chat, admin, text);
  await say(beiyuan, admin, "/bind 北园大街指挥部");
  await addTask(beiyuan, "/addtask BY-01 北园大街拆迁 @zhangwei start=2026-01-01 due=2026-12-31 must");
  await addTask(beiyuan, "/addtask BY-02 北园大街绿化 @zhangwei start=2026-03-01 due=2026-10-31");
  await say(xiaoqinghe, admin, "/bind 小清河指挥部");
  await addTask(xiaoqinghe, "/addtask XQH-01 小清河清淤 @lina start=2026-01-01 due=2026-12-31");
  await say(beiyuan, zhang, "BY-01 进度10%，问题：拆迁补偿资金未到位");
  await say(beiyuan, zhang, "BY-02 进度40%");
  await say(xiaoqinghe, li, "XQH-01 进度52%");
  await ask(h.telegram, h.scene, privateChat(leaderUser), leaderUser, "/help");
  await ask(h.telegram, h.scene, privateChat(admin), admin, `/leader @${leaderUser.username}`);
}
