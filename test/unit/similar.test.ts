import { describe, expect, it } from "vitest";
import { closestNames, editDistance, nameCore, nameDistance, sameName } from "#src/domain/similar.js";

const UNITS = ["北园大街指挥部", "小清河指挥部", "棚户区改造指挥部", "工商河指挥部", "市容整治指挥部", "泺口街道办事处", "制锦市街道办事处", "河道整治指挥部"];

describe("unit names typed with a slip", () => {
  it("measures edits by character, Chinese included", () => {
    expect(editDistance("制锦市", "制锦市")).toBe(0);
    expect(editDistance("制锦市", "制景市")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("takes the generic ending off a name", () => {
    expect(nameCore("制锦市街道办事处")).toBe("制锦市");
    expect(nameCore("制锦市街道")).toBe("制锦市");
    expect(nameCore("北园大街指挥部")).toBe("北园大街");
    expect(nameCore("指挥部")).toBe("指挥部");
  });

  it("finds the unit a shortened, mistyped or differently ended name meant", () => {
    expect(closestNames("制锦市街道", UNITS)).toEqual(["制锦市街道办事处"]);
    expect(closestNames("制锦市", UNITS)).toEqual(["制锦市街道办事处"]);
    expect(closestNames("制景市街道办事处", UNITS)).toEqual(["制锦市街道办事处"]);
    expect(closestNames("北园大街", UNITS)).toEqual(["北园大街指挥部"]);
    expect(closestNames("小清河", UNITS)).toEqual(["小清河指挥部"]);
    expect(closestNames("泺口街道", UNITS)).toEqual(["泺口街道办事处"]);
  });

  it("leaves a truly new name alone, even with a common ending", () => {
    expect(closestNames("洪家楼街道办事处", UNITS)).toEqual([]);
    expect(closestNames("城管局", UNITS)).toEqual([]);
    expect(nameDistance("小清河指挥部", "北园大街指挥部")).toBeNull();
    expect(nameDistance("河道整治指挥部", "市容整治指挥部")).toBeNull();
  });

  it("takes width, case and spaces as the same name", () => {
    expect(sameName("制锦市 街道办事处", UNITS)).toBe("制锦市街道办事处");
    expect(sameName("ＢＹ指挥部", ["by指挥部"])).toBe("by指挥部");
    expect(sameName("制锦市街道", UNITS)).toBeNull();
  });
});
