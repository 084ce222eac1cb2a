// The DVTS tree's box (Components/Shared/RunView/DvtsTree.razor): its width and the window's height, to fit the tree,
// and a scroll to the part that shows first (the winning path). Imported as a module by the component only.
export function measure(box) {
  return box ? [box.clientWidth, window.innerHeight] : [0, 0];
}

export function scrollTo(box, left, top) {
  if (!box) return;
  box.scrollLeft = left;
  box.scrollTop = top;
}
