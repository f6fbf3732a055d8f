// Text contrast where axe-core cannot decide: text over a gradient, a background image or
// a pseudo-element (axe reports those as "incomplete", never as a violation).
//
// For each element that has its own text, find what is painted behind it: walk up the
// ancestors, compositing every background colour, and take every colour stop of any
// gradient (on the element, an ancestor, or their ::before/::after) as a possible
// background. The text must reach WCAG 1.4.3 against the worst of them: 4.5:1, or 3:1 for
// large text (24 px, or 18.66 px bold). Returns the elements that do not.
(selectors) => {
  const parse = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
    return { r: mix("r"), g: mix("g"), b: mix("b"), a };
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  // Every colour a gradient (or several) may paint, as stops.
  const stops = (image) => {
    if (!image || image === "none" || !image.includes("gradient")) return [];
    return (image.match(/rgba?\([^)]+\)/g) || []).map(parse).filter(Boolean);
  };
  const layers = (el) => {
    // Colours from the nearest ancestor up, each a list of alternatives.
    const out = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      for (const pseudo of ["::before", "::after"]) {
        const ps = getComputedStyle(node, pseudo);
        // A line a few pixels high (a selected tab's underline) is not behind any text.
        const thin = parseFloat(ps.height) > 0 && parseFloat(ps.height) <= 4;
        if (ps.content && ps.content !== "none" && ps.content !== "normal" && !thin) {
          const g = stops(ps.backgroundImage);
          const bg = parse(ps.backgroundColor);
          if (g.length) out.push(g);
          else if (bg && bg.a > 0) out.push([bg]);
        }
      }
      const s = getComputedStyle(node);
      const g = stops(s.backgroundImage);
      if (g.length) out.push(g);
      const bg = parse(s.backgroundColor);
      if (bg && bg.a > 0) out.push([bg]);
      if (bg && bg.a === 1 && !g.length) break;
    }
    return out;
  };
  const backgrounds = (el) => {
    // Composite from the page's white up to the element, branching on gradient stops.
    let options = [{ r: 255, g: 255, b: 255, a: 1 }];
    for (const alternatives of layers(el).reverse()) {
      const next = [];
      for (const base of options) for (const c of alternatives) next.push(over(c, base));
      options = next.slice(0, 64);
    }
    return options;
  };
  const ownText = (el) =>
    Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== "hidden" && s.opacity !== "0";
  };
  const failures = [];
  let checked = 0;
  const seen = new Set();
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (seen.has(el) || !ownText(el) || !visible(el)) continue;
      if (el.closest(".sr-only, [aria-hidden='true']")) continue;
      seen.add(el);
      const s = getComputedStyle(el);
      const fg = parse(s.color);
      if (!fg) continue;
      const size = parseFloat(s.fontSize);
      const bold = parseInt(s.fontWeight, 10) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      const need = large ? 3 : 4.5;
      let worst = Infinity;
      for (const bg of backgrounds(el)) {
        worst = Math.min(worst, ratio(over(fg, bg), bg));
      }
      checked += 1;
      if (worst < need) {
        failures.push({
          text: el.textContent.trim().slice(0, 60),
          tag: el.tagName.toLowerCase(),
          id: el.id || "",
          cls: (el.getAttribute("class") || "").slice(0, 80),
          ratio: Math.round(worst * 100) / 100,
          need,
        });
      }
    }
  }
  return { checked, failures };
};
