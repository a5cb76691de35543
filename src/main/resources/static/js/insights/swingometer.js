// Works the swingometer out in the page as the slider moves, with the figures the server used (data attributes),
// so the form and the slider always agree. Without JavaScript the form does the same on the server.
(function () {
  const swing = document.getElementById('swing')
  const slider = document.getElementById('uplift-slider')
  const input = document.getElementById('uplift')
  if (!swing || !slider || !input) {
    return
  }
  const number = name => parseFloat(swing.dataset[name])
  const pounds = value => '£' + value.toFixed(2)
  // As the server rounds: to the penny (half up), then the page's number format to the pound (half to even).
  const wholePounds = value => {
    const pence = Math.round(value * 100)
    let whole = Math.floor(pence / 100)
    const rest = pence - whole * 100
    if (rest > 50 || (rest === 50 && whole % 2 !== 0)) {
      whole += 1
    }
    return '£' + whole.toLocaleString('en-GB')
  }
  const set = (id, text) => {
    const element = document.getElementById(id)
    if (element) {
      element.textContent = text
    }
  }
  const update = uplift => {
    const base = number('base')
    const baseline = number('baseline')
    // The unrounded ratio of the two indexes, as the server uses: the four-place one shown is for reading only.
    const ratio = number('cpiUplift') / number('cpiBase')
    const offered = base * (1 + uplift / 100)
    const real = offered / ratio
    const needed = baseline * ratio
    const shortfall = Math.max(0, needed - offered)
    set('uplift-shown', String(uplift))
    set('offered', pounds(offered))
    set('real', pounds(real))
    set('real-change', ((real / baseline - 1) * 100).toFixed(1) + '%')
    set('needed', pounds(needed))
    set('shortfall', pounds(shortfall))
    for (const [id, weighted] of [['average-shortfall', 'averageWeighted'], ['practice-shortfall', 'practiceWeighted'],
      ['england-shortfall', 'englandWeighted']]) {
      if (swing.dataset[weighted]) {
        set(id, wholePounds(shortfall * number(weighted)))
      }
    }
  }
  document.getElementById('slider-group').hidden = false
  slider.addEventListener('input', () => {
    input.value = slider.value
    update(parseFloat(slider.value))
  })
  input.addEventListener('input', () => {
    const uplift = parseFloat(input.value)
    if (Number.isFinite(uplift) && uplift >= -50 && uplift <= 100) {
      slider.value = String(uplift)
      update(uplift)
    }
  })
})()
