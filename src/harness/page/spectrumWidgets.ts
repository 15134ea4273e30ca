/**
 * Browser versions of the Spectrum UXP widgets the panel uses. UXP builds these in; a browser
 * does not know `sp-*` tags, so the harness defines them with the same surface: `value`,
 * `checked` and `selectedIndex` properties, `input` and `change` events on the element, a
 * dropdown built from its `sp-menu slot="options"` items, buttons that stay silent when disabled.
 * Native controls inside open shadow roots let tests drive them like a user. Their colours are
 * the harness page's `--sp-*` variables, which follow the theme the harness plays, as UXP's own
 * widgets follow Premiere's.
 */

const BASE_CSS = `
  :host { box-sizing: border-box; font-size: 12px; color: var(--sp-text); }
  input, textarea, select { box-sizing: border-box; width: 100%; background: var(--sp-field); color: var(--sp-field-text); border: 1px solid var(--sp-field-line); border-radius: 4px; padding: 4px 6px; font: inherit; }
  :host([invalid]) input, :host([invalid]) textarea, :host([invalid]) select { border-color: var(--sp-invalid); }
  input:focus, textarea:focus, select:focus { outline: none; border-color: var(--sp-focus); }
`;

abstract class SpElement extends HTMLElement {
  protected readonly root: ShadowRoot;
  constructor(html: string, css = "") {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.innerHTML = `<style>${BASE_CSS}${css}</style>${html}`;
  }
  protected emit(type: "input" | "change"): void {
    this.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
  }
}

class SpButton extends SpElement {
  static observedAttributes = ["disabled"];
  constructor() {
    super(
      `<button part="button"><slot></slot></button>`,
      `:host { display: inline-block; margin: 2px 0; }
       button { font: inherit; color: var(--sp-text); background: transparent; border: 2px solid var(--sp-button-line); border-radius: 14px; padding: 3px 14px; cursor: pointer; }
       :host([variant="cta"]) button { background: var(--sp-cta); border-color: var(--sp-cta); color: var(--sp-on-cta); }
       :host([quiet]) button { border-color: transparent; padding: 3px 6px; color: var(--sp-quiet); }
       :host([disabled]) button { opacity: 0.4; cursor: default; }`,
    );
    // UXP's buttons send no click while disabled.
    this.addEventListener(
      "click",
      (event) => {
        if (this.hasAttribute("disabled")) {
          event.stopImmediatePropagation();
          event.preventDefault();
        }
      },
      true,
    );
  }
  attributeChangedCallback(): void {
    (this.root.querySelector("button") as HTMLButtonElement).disabled = this.hasAttribute("disabled");
  }
}

class SpTextfield extends SpElement {
  static observedAttributes = ["type", "placeholder", "disabled"];
  protected readonly control: HTMLInputElement | HTMLTextAreaElement;
  constructor(tag: "input" | "textarea" = "input") {
    super(`<${tag} part="control"></${tag}>`, `:host { display: inline-block; min-width: 60px; } textarea { min-height: 60px; resize: vertical; }`);
    this.control = this.root.querySelector(tag) as HTMLInputElement | HTMLTextAreaElement;
    this.control.addEventListener("input", (event) => {
      event.stopPropagation();
      this.emit("input");
    });
    this.control.addEventListener("change", (event) => {
      event.stopPropagation();
      this.emit("change");
    });
  }
  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === "type" && this.control instanceof HTMLInputElement) this.control.type = value === "number" ? "text" : (value ?? "text");
    if (name === "placeholder") this.control.placeholder = value ?? "";
    if (name === "disabled") this.control.disabled = value !== null;
  }
  get value(): string {
    return this.control.value;
  }
  set value(value: string) {
    this.control.value = value ?? "";
  }
}

class SpTextarea extends SpTextfield {
  constructor() {
    super("textarea");
  }
}

class SpCheckbox extends SpElement {
  static observedAttributes = ["checked", "disabled"];
  private readonly box: HTMLInputElement;
  constructor() {
    super(
      `<label part="label"><input type="checkbox"><span><slot></slot></span></label>`,
      `:host { display: inline-block; margin: 2px 0; } label { display: flex; width: 100%; align-items: center; gap: 6px; cursor: pointer; } input { width: auto; }
       :host([disabled]) label { opacity: 0.5; cursor: default; }`,
    );
    this.box = this.root.querySelector("input") as HTMLInputElement;
    this.box.addEventListener("change", (event) => {
      event.stopPropagation();
      this.emit("change");
    });
  }
  attributeChangedCallback(name: string): void {
    if (name === "checked") this.box.checked = this.hasAttribute("checked");
    if (name === "disabled") this.box.disabled = this.hasAttribute("disabled");
  }
  get checked(): boolean {
    return this.box.checked;
  }
  set checked(value: boolean) {
    this.box.checked = Boolean(value);
  }
}

class SpDropdown extends SpElement {
  static observedAttributes = ["disabled", "placeholder"];
  private readonly select: HTMLSelectElement;
  private readonly observer: MutationObserver;
  constructor() {
    super(`<select part="select"></select>`, `:host { display: inline-block; }`);
    this.select = this.root.querySelector("select") as HTMLSelectElement;
    this.select.addEventListener("change", (event) => {
      event.stopPropagation();
      this.emit("change");
    });
    this.observer = new MutationObserver(() => this.rebuild());
  }
  connectedCallback(): void {
    this.observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
    this.rebuild();
  }
  disconnectedCallback(): void {
    this.observer.disconnect();
  }
  attributeChangedCallback(): void {
    this.select.disabled = this.hasAttribute("disabled");
    this.rebuild();
  }
  private items(): Element[] {
    return Array.from(this.querySelectorAll("sp-menu[slot='options'] > sp-menu-item"));
  }
  private rebuild(): void {
    const items = this.items();
    this.select.textContent = "";
    let selected = -1;
    items.forEach((item, index) => {
      const option = document.createElement("option");
      option.textContent = (item.textContent ?? "").trim();
      option.disabled = item.hasAttribute("disabled");
      this.select.appendChild(option);
      if (item.hasAttribute("selected")) selected = index;
    });
    this.select.selectedIndex = selected;
  }
  get selectedIndex(): number {
    return this.select.selectedIndex;
  }
  set selectedIndex(index: number) {
    this.select.selectedIndex = index;
  }
}

class SpProgressbar extends SpElement {
  static observedAttributes = ["value", "max"];
  constructor() {
    super(
      `<div class="label"><slot name="label"></slot></div><div class="track"><div class="fill"></div></div>`,
      `:host { display: block; } .track { height: 4px; background: var(--sp-track); border-radius: 2px; overflow: hidden; } .fill { height: 4px; background: var(--sp-fill); width: 0; }`,
    );
  }
  attributeChangedCallback(): void {
    const max = Number(this.getAttribute("max") ?? 100) || 100;
    const value = Math.max(0, Math.min(max, Number(this.getAttribute("value") ?? 0) || 0));
    (this.root.querySelector(".fill") as HTMLElement).style.width = `${(100 * value) / max}%`;
  }
  get value(): number {
    return Number(this.getAttribute("value") ?? 0);
  }
  set value(value: number) {
    this.setAttribute("value", String(value));
  }
  get max(): number {
    return Number(this.getAttribute("max") ?? 100);
  }
  set max(value: number) {
    this.setAttribute("max", String(value));
  }
}

class SpText extends SpElement {
  constructor() {
    super(`<slot></slot>`, `:host { display: inline; }`);
  }
}

class SpHidden extends HTMLElement {
  connectedCallback(): void {
    this.style.display = "none";
  }
}

/** Defines every widget once; call before the panel bundle renders. */
export function defineSpectrumWidgets(): void {
  const widgets: [string, CustomElementConstructor][] = [
    ["sp-button", SpButton],
    ["sp-action-button", class extends SpButton {}],
    ["sp-textfield", SpTextfield],
    ["sp-textarea", SpTextarea],
    ["sp-checkbox", SpCheckbox],
    ["sp-dropdown", SpDropdown],
    ["sp-menu", SpHidden],
    ["sp-menu-item", class extends SpHidden {}],
    ["sp-progressbar", SpProgressbar],
    ["sp-label", SpText],
    ["sp-body", class extends SpText {}],
    ["sp-detail", class extends SpText {}],
    ["sp-heading", class extends SpText {}],
    ["sp-link", class extends SpText {}],
    ["sp-divider", class extends SpHidden {}],
  ];
  for (const [name, widget] of widgets) if (!customElements.get(name)) customElements.define(name, widget);
}
