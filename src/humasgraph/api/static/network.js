// Pan and zoom for the network pictures (templates/_network.html): wheel, drag, and the +/−/reset buttons.
// Progressive enhancement: without this file the picture is whole and every node is a link.
// It only changes the SVG's viewBox; a drag that moved is not also taken as a click on a node.
(function () {
  "use strict";
  var MIN = 0.25, MAX = 12, STEP = 1.4, DRAGGED = 4;

  function setUp(figure) {
    var svg = figure.querySelector("svg.network-picture");
    if (!svg) return;
    var base = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    var view = base.slice();

    function apply() {
      svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(1); }).join(" "));
      var scale = base[2] / view[2];
      figure.classList.toggle("zoomed", scale >= 2);
    }

    function zoom(factor, cx, cy) {
      var scale = base[2] / (view[2] / factor);
      if (scale < MIN || scale > MAX) return;
      // Keep the point (cx, cy) of the picture where it is on screen.
      view[0] = cx - (cx - view[0]) / factor;
      view[1] = cy - (cy - view[1]) / factor;
      view[2] /= factor;
      view[3] /= factor;
      apply();
    }

    function toPicture(clientX, clientY) {
      var box = svg.getBoundingClientRect();
      return [view[0] + (clientX - box.left) / box.width * view[2],
              view[1] + (clientY - box.top) / box.height * view[3]];
    }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var at = toPicture(event.clientX, event.clientY);
      zoom(event.deltaY < 0 ? STEP : 1 / STEP, at[0], at[1]);
    }, { passive: false });

    var drag = null;
    // A press on a node would start the browser's own drag of its link, and end our pan.
    svg.addEventListener("dragstart", function (event) { event.preventDefault(); });
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, view: view.slice(), moved: false, id: event.pointerId };
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < DRAGGED) return;
      if (!drag.moved) {
        drag.moved = true;
        svg.setPointerCapture(drag.id);
        figure.classList.add("panning");
      }
      var box = svg.getBoundingClientRect();
      view[0] = drag.view[0] - dx / box.width * view[2];
      view[1] = drag.view[1] - dy / box.height * view[3];
      apply();
    });
    function end() {
      if (drag && drag.moved) {
        figure.classList.remove("panning");
        // The click that ends a drag is not a click on the node under the pointer.
        svg.addEventListener("click", function (event) { event.preventDefault(); event.stopPropagation(); },
                             { capture: true, once: true });
      }
      drag = null;
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);

    var tools = figure.querySelector(".network-tools");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-zoom]");
        if (!button) return;
        var cx = view[0] + view[2] / 2, cy = view[1] + view[3] / 2;
        if (button.dataset.zoom === "in") zoom(STEP, cx, cy);
        else if (button.dataset.zoom === "out") zoom(1 / STEP, cx, cy);
        else { view = base.slice(); apply(); }
      });
    }
  }

  document.querySelectorAll("figure[data-network]").forEach(setUp);
})();
