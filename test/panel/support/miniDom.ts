/**
 * Just enough DOM for React to mount the panel inside a Node `vm` sandbox: nodes, elements with
 * attributes and a style object, text, events on the node itself. No layout, no selectors, no
 * bubbling. Anything React or the panel calls that is missing here fails the bundle test loudly,
 * which is the point: UXP's DOM is also smaller than a browser's.
 */

type Listener = (event: { type: string; target: MiniNode }) => void;

export class MiniNode {
  parentNode: MiniNode | null = null;
  readonly childNodes: MiniNode[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();
  nodeValue: string | null = null;

  constructor(
    readonly nodeType: number,
    readonly nodeName: string,
    public ownerDocument: MiniDocument | null,
  ) {}

  get firstChild(): MiniNode | null {
    return this.childNodes[0] ?? null;
  }
  get lastChild(): MiniNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }
  get nextSibling(): MiniNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  get previousSibling(): MiniNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }
  get parentElement(): MiniNode | null {
    return this.parentNode && this.parentNode.nodeType === 1 ? this.parentNode : null;
  }

  appendChild<T extends MiniNode>(child: T): T {
    child.parentNode?.removeChild(child);
    this.childNodes.push(child);
    child.parentNode = this;
    return child;
  }

  insertBefore<T extends MiniNode>(child: T, before: MiniNode | null): T {
    if (!before) return this.appendChild(child);
    child.parentNode?.removeChild(child);
    const index = this.childNodes.indexOf(before);
    if (index < 0) throw new Error("insertBefore: reference node is not a child");
    this.childNodes.splice(index, 0, child);
    child.parentNode = this;
    return child;
  }

  removeChild<T extends MiniNode>(child: T): T {
    const index = this.childNodes.indexOf(child);
    if (index < 0) throw new Error("removeChild: not a child");
    this.childNodes.splice(index, 1);
    child.parentNode = null;
    return child;
  }

  contains(other: MiniNode | null): boolean {
    for (let node = other; node; node = node.parentNode) if (node === this) return true;
    return false;
  }

  getRootNode(): MiniNode {
    return this.parentNode ? this.parentNode.getRootNode() : this;
  }

  get textContent(): string {
    if (this.nodeType === 3 || this.nodeType === 8) return this.nodeValue ?? "";
    return this.childNodes.map((child) => child.textContent).join("");
  }
  set textContent(text: string) {
    for (const child of [...this.childNodes]) this.removeChild(child);
    if (text) this.appendChild(this.ownerDocument!.createTextNode(String(text)));
  }

  get data(): string {
    return this.nodeValue ?? "";
  }
  set data(value: string) {
    this.nodeValue = value;
  }

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }
  dispatchEvent(event: { type: string }): boolean {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener({ ...event, target: this });
    return true;
  }
  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}

function styleObject(): Record<string, unknown> {
  const style: Record<string, unknown> = {};
  Object.defineProperties(style, {
    setProperty: { value: (name: string, value: string) => (style[name] = value), enumerable: false },
    removeProperty: { value: (name: string) => delete style[name], enumerable: false },
    getPropertyValue: { value: (name: string) => style[name] ?? "", enumerable: false },
  });
  return style;
}

export class MiniElement extends MiniNode {
  readonly attributes = new Map<string, string>();
  readonly style = styleObject();
  readonly localName: string;
  readonly tagName: string;
  scrollTop = 0;
  clientHeight = 0;

  constructor(
    name: string,
    owner: MiniDocument,
    readonly namespaceURI = "http://www.w3.org/1999/xhtml",
  ) {
    super(1, name.toUpperCase(), owner);
    this.localName = name.toLowerCase();
    this.tagName = name.toUpperCase();
  }

  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }
  setAttributeNS(_ns: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }
  removeAttributeNS(_ns: string | null, name: string): void {
    this.removeAttribute(name);
  }
  get className(): string {
    return this.getAttribute("class") ?? "";
  }
  set className(value: string) {
    this.setAttribute("class", value);
  }
  get id(): string {
    return this.getAttribute("id") ?? "";
  }

  /** Every element below this one (depth first), for assertions. */
  descendants(): MiniElement[] {
    const found: MiniElement[] = [];
    const visit = (node: MiniNode) => {
      for (const child of node.childNodes) {
        if (child instanceof MiniElement) {
          found.push(child);
          visit(child);
        }
      }
    };
    visit(this);
    return found;
  }
}

export class MiniDocument extends MiniNode {
  readonly documentElement: MiniElement;
  readonly head: MiniElement;
  readonly body: MiniElement;
  defaultView: unknown = null;

  constructor() {
    super(9, "#document", null);
    this.ownerDocument = null;
    this.documentElement = new MiniElement("html", this);
    this.head = new MiniElement("head", this);
    this.body = new MiniElement("body", this);
    this.appendChild(this.documentElement);
    this.documentElement.appendChild(this.head);
    this.documentElement.appendChild(this.body);
  }

  get activeElement(): MiniElement {
    return this.body;
  }

  createElement(name: string): MiniElement {
    return new MiniElement(name, this);
  }
  createElementNS(namespace: string, name: string): MiniElement {
    return new MiniElement(name, this, namespace);
  }
  createTextNode(text: string): MiniNode {
    const node = new MiniNode(3, "#text", this);
    node.nodeValue = String(text);
    return node;
  }
  createComment(text: string): MiniNode {
    const node = new MiniNode(8, "#comment", this);
    node.nodeValue = String(text);
    return node;
  }
}
