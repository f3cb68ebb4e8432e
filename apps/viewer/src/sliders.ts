// One slider per dimension before the last two (which the canvas shows).
export interface SliderDim {
  name: string;
  size: number;
}

export function renderSliders(
  container: HTMLElement,
  dims: SliderDim[],
  index: number[],
  onChange: (index: number[]) => void,
): void {
  container.replaceChildren();
  const current = [...index];
  dims.forEach((dim, d) => {
    const label = document.createElement("label");
    label.className = "slider";
    const input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = String(dim.size - 1);
    input.value = String(current[d]);
    input.dataset.dim = String(d);
    const out = document.createElement("output");
    out.textContent = `${current[d]} / ${dim.size - 1}`;
    input.addEventListener("input", () => {
      current[d] = Number(input.value);
      out.textContent = `${current[d]} / ${dim.size - 1}`;
      onChange([...current]);
    });
    label.append(`${dim.name} `, input, out);
    container.append(label);
  });
}
