// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/deployment.h"

#include <QString>
#include <QStringList>

namespace optconf {

/// The reports' Deployment section: the three rules' deployed figures and held-out F1, the
/// plateau and the bootstrap's intervals. `qtText`: QTextDocument's HTML subset (PDF).
QString deploymentSectionHtml(const DeploymentReport& deployment, bool qtText);

} // namespace optconf
