/** A node of a drawn hierarchy: its label and its children, in order. */
export interface TreeNode {
  /** The text drawn for this node (its name, and for an array its shape and dtype). */
  label: string;
  /** The node's members, drawn below it in this order. */
  children: TreeNode[];
}

/**
 * Draw a hierarchy with box-drawing characters the way zarr-python's `Group.tree()` does:
 * the root label alone, then one line per descendant, one space of indent, and each level
 * adding `│   ` (or four spaces below a last child).
 */
export function renderTree(root: TreeNode): string {
  const lines = [root.label];
  const walk = (node: TreeNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? "└" : "├"}── ${child.label}`);
      walk(child, `${prefix}${last ? " " : "│"}   `);
    });
  };
  walk(root, " ");
  return lines.join("\n");
}
