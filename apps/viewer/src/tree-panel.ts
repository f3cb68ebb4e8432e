// The hierarchy as nested lists; a click selects a node.
import type { TreeNode } from "./hierarchy.js";

export function renderTree(
  container: HTMLElement,
  tree: TreeNode,
  selected: string,
  onSelect: (path: string) => void,
): void {
  const item = (node: TreeNode): HTMLLIElement => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = `node ${node.kind}`;
    button.dataset.path = node.path;
    button.textContent = node.kind === "group" && node.path !== "" ? `${node.name}/` : node.name;
    if (node.path === selected) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => onSelect(node.path));
    li.append(button);
    if (node.unlisted) {
      const note = document.createElement("div");
      note.className = "note";
      note.textContent = `members not listed: ${node.unlisted}`;
      li.append(note);
    }
    if (node.children.length > 0) {
      const ul = document.createElement("ul");
      for (const child of node.children) ul.append(item(child));
      li.append(ul);
    }
    return li;
  };
  const ul = document.createElement("ul");
  ul.className = "tree";
  ul.append(item(tree));
  container.replaceChildren(ul);
}
