// Draws each chart from the table it sits above (data-chart-for), so the figures live only in the page's tables.
// A cell's data-value, if it has one, is the plotted number (the text may be formatted, or say why it is missing).
(function () {
  if (typeof window.Chart !== 'function') {
    return
  }
  const colours = ['#1d70b8', '#d4351c', '#f47738', '#00703c', '#4c2c92']
  document.querySelectorAll('canvas[data-chart-for]').forEach(canvas => {
    const table = document.getElementById(canvas.dataset.chartFor)
    if (!table) {
      return
    }
    const headers = Array.from(table.querySelectorAll('thead th'))
    const rows = Array.from(table.querySelectorAll('tbody tr')).filter(row => row.querySelector('th'))
    if (rows.length === 0) {
      return
    }
    const datasets = headers
      .map((header, column) => ({ header, column }))
      .filter(({ header }) => header.dataset.series)
      .map(({ header, column }, i) => ({
        label: header.dataset.series,
        data: rows.map(row => parseFloat(row.children[column].dataset.value ?? row.children[column].textContent)),
        backgroundColor: colours[i % colours.length],
        borderColor: colours[i % colours.length]
      }))
    canvas.hidden = false
    const stacked = canvas.dataset.stacked === 'true'
    new window.Chart(canvas, {
      type: canvas.dataset.type || 'bar',
      data: { labels: rows.map(row => row.querySelector('th').textContent.trim()), datasets },
      options: { animation: false, responsive: true, scales: { x: { stacked }, y: { stacked, beginAtZero: true } } }
    })
  })
})()
